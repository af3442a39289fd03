/// Donchian channel: highest high and lowest low of the last `period` bars, current bar included
/// (TA-Lib `MAX(high)` / `MIN(low)`; first value after `period` inputs), and their midpoint.
///
/// Monotonic queues give amortized O(1) updates.
public struct Donchian: Sendable, Codable {
    public let period: Int
    public private(set) var upper = Double.nan
    public private(set) var lower = Double.nan
    public var middle: Double { (upper + lower) / 2 }
    private var seen = 0
    private var highs: MonotonicQueue
    private var lows: MonotonicQueue

    public init(period: Int) {
        precondition(period >= 2)
        self.period = period
        highs = MonotonicQueue(capacity: period, keepsMaximum: true)
        lows = MonotonicQueue(capacity: period, keepsMaximum: false)
    }

    public var isReady: Bool { seen >= period }

    @inline(__always)
    public mutating func update(high: Double, low: Double) {
        highs.push(high, at: seen, window: period)
        lows.push(low, at: seen, window: period)
        seen += 1
        guard seen >= period else { return }
        upper = highs.front
        lower = lows.front
    }
}

/// Indices and values of a sliding window kept in decreasing (or increasing) order, so the
/// front is the window's maximum (or minimum).
struct MonotonicQueue: Sendable, Codable {
    private struct Entry: Codable {
        var value: Double
        var index: Int
    }

    private var entries: ContiguousArray<Entry>
    private var head = 0
    private var count = 0
    private let keepsMaximum: Bool

    init(capacity: Int, keepsMaximum: Bool) {
        entries = ContiguousArray(repeating: Entry(value: 0, index: 0), count: capacity)
        self.keepsMaximum = keepsMaximum
    }

    var front: Double { entries[head].value }

    @inline(__always)
    mutating func push(_ value: Double, at index: Int, window: Int) {
        let capacity = entries.count
        let keepsMaximum = keepsMaximum
        var head = head
        var count = count
        entries.withUnsafeMutableBufferPointer { slots in
            if count > 0 && slots[head].index <= index - window {
                head = head + 1 == capacity ? 0 : head + 1
                count -= 1
            }
            while count > 0 {
                var tail = head + count - 1
                if tail >= capacity { tail -= capacity }
                let dominated = keepsMaximum ? slots[tail].value <= value : slots[tail].value >= value
                guard dominated else { break }
                count -= 1
            }
            var slot = head + count
            if slot >= capacity { slot -= capacity }
            slots[slot] = Entry(value: value, index: index)
        }
        self.head = head
        self.count = count + 1
    }
}
