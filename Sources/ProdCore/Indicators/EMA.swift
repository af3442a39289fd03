/// Exponential moving average, k = 2 / (period + 1), seeded with the SMA of the first `period`
/// values as TA-Lib does (`EMA`; first value after `period` inputs).
public struct EMA: Sendable, Codable {
    public let period: Int
    public private(set) var value = Double.nan
    private let factor: Double
    private var seen = 0
    private var seedSum = 0.0

    public init(period: Int) {
        precondition(period >= 1)
        self.period = period
        factor = IndicatorMath.emaFactor(period)
    }

    public var isReady: Bool { seen >= period }

    @inline(__always)
    public mutating func update(_ input: Double) {
        if seen >= period {
            value = (input - value) * factor + value
            return
        }
        seen += 1
        seedSum += input
        if seen == period { value = seedSum / Double(period) }
    }
}
