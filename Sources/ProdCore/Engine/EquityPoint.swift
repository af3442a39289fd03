/// The account at the close of one bar of the feed's timeframe (the shortest decision timeframe
/// of the run), marked at the closes.
public struct EquityPoint: Equatable, Sendable, Codable {
    /// Close time of the bar (epoch ms): the open time plus the feed's timeframe.
    public let time: Int64
    public let equity: Money
    public let cash: Money
    /// Σ |position × mark| over every instrument.
    public let grossExposure: Money

    public init(time: Int64, equity: Money, cash: Money, grossExposure: Money) {
        self.time = time
        self.equity = equity
        self.cash = cash
        self.grossExposure = grossExposure
    }
}

extension [EquityPoint] {
    /// (running peak − equity) / running peak at each point.
    public var drawdowns: [Double] {
        var peak = -Double.infinity
        return map { point in
            peak = Swift.max(peak, point.equity.doubleValue)
            return peak > 0 ? (peak - point.equity.doubleValue) / peak : 0
        }
    }
}
