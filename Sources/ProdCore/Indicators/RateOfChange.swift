/// Rate of change in percent over `period` bars: (value / value `period` bars ago − 1) × 100
/// (TA-Lib `ROC`; 0 when the old value is 0; first value after `period + 1` inputs).
public struct RateOfChange: Sendable, Codable {
    public let period: Int
    public private(set) var value = Double.nan
    private var window: RingBuffer<Double>

    public init(period: Int) {
        precondition(period >= 1)
        self.period = period
        window = RingBuffer(capacity: period + 1, filler: 0)
    }

    public var isReady: Bool { window.isFull }

    @inline(__always)
    public mutating func update(_ input: Double) {
        window.push(input)
        guard window.isFull else { return }
        let past = window.oldest
        value = past != 0 ? ((input / past) - 1.0) * 100.0 : 0
    }
}
