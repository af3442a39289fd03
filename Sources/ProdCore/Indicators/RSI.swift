/// Wilder's relative strength index (TA-Lib `RSI`; first value after `period + 1` inputs).
public struct RSI: Sendable, Codable {
    public let period: Int
    public private(set) var value = Double.nan
    private var seen = 0
    private var previous = 0.0
    private var averageGain = 0.0
    private var averageLoss = 0.0

    public init(period: Int) {
        precondition(period >= 2)
        self.period = period
    }

    public var isReady: Bool { seen > period }

    @inline(__always)
    public mutating func update(_ input: Double) {
        seen += 1
        guard seen > 1 else {
            previous = input
            return
        }
        let change = input - previous
        previous = input
        let n = Double(period)
        if seen <= period + 1 {
            if change < 0 { averageLoss -= change } else { averageGain += change }
            guard seen == period + 1 else { return }
            averageLoss /= n
            averageGain /= n
        } else {
            averageLoss *= n - 1
            averageGain *= n - 1
            if change < 0 { averageLoss -= change } else { averageGain += change }
            averageLoss /= n
            averageGain /= n
        }
        let total = averageGain + averageLoss
        value = IndicatorMath.isZero(total) ? 0 : 100.0 * (averageGain / total)
    }
}
