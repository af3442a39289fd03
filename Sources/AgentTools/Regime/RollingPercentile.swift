import ProdCore

/// The rank of a value among the last `capacity` values seen: a sorted copy of the window is kept
/// beside the window, so an update is a binary search and one move of at most `capacity` values.
public struct RollingPercentile: Sendable {
    private var window: RingBuffer<Double>
    private var sorted: [Double] = []

    public init(capacity: Int) {
        window = RingBuffer(capacity: capacity, filler: 0)
        sorted.reserveCapacity(capacity)
    }

    public var count: Int { sorted.count }

    public mutating func add(_ value: Double) {
        if window.isFull { sorted.remove(at: index(of: window.oldest)) }
        window.push(value)
        sorted.insert(value, at: index(of: value))
    }

    /// Share of the window strictly below `value`, in [0, 1]; 0 for an empty window.
    public func rank(of value: Double) -> Double {
        sorted.isEmpty ? 0 : Double(index(of: value)) / Double(sorted.count)
    }

    /// The median of the window; `nil` when empty.
    public var median: Double? {
        sorted.isEmpty ? nil : sorted[sorted.count / 2]
    }

    /// The first position whose value is not below `value`.
    private func index(of value: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
