/// Simple moving average of the last `period` values (TA-Lib `SMA`; first value after `period` inputs).
public struct SMA: Sendable, Codable {
    public let period: Int
    public private(set) var value = Double.nan
    private var window: RingBuffer<Double>
    private var sum = 0.0

    public init(period: Int) {
        precondition(period >= 1)
        self.period = period
        window = RingBuffer(capacity: period, filler: 0)
    }

    public var isReady: Bool { window.isFull }

    @inline(__always)
    public mutating func update(_ input: Double) {
        sum += input
        window.push(input)
        guard window.isFull else { return }
        value = sum / Double(period)
        sum -= window.oldest
    }
}
