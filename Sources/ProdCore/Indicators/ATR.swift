/// Wilder's average true range (TA-Lib `ATR`; first value after `period + 1` inputs).
public struct ATR: Sendable, Codable {
    public let period: Int
    public private(set) var value = Double.nan
    private var seen = 0
    private var previousClose = 0.0
    private var sum = 0.0

    public init(period: Int) {
        precondition(period >= 2)
        self.period = period
    }

    public var isReady: Bool { seen > period }

    @inline(__always)
    public mutating func update(high: Double, low: Double, close: Double) {
        seen += 1
        defer { previousClose = close }
        guard seen > 1 else { return }
        let range = IndicatorMath.trueRange(high: high, low: low, previousClose: previousClose)
        let n = Double(period)
        if seen <= period + 1 {
            sum += range
            if seen == period + 1 { value = sum / n }
            return
        }
        var next = value * (n - 1)
        next += range
        value = next / n
    }
}
