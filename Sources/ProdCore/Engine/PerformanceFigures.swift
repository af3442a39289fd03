/// The performance figures of a run, in one place: what `brain backtest` prints, what the runner's
/// `finished` message carries, what summary.md, manifest.json and `brain report compare` state and
/// what research ranks by. The engine makes them from its tracker when it finishes; a report makes
/// them from the stored equity points, trades, fills and funding payments (`RunMetrics`); both go
/// through this initializer, so a figure has one definition (see `PerformanceTracker`).
public struct PerformanceFigures: Sendable, Equatable {
    public let initialCash: Money
    public let finalEquity: Money
    /// Final equity over initial cash, minus 1.
    public let totalReturn: Double
    public let maxDrawdown: Double
    public let sharpe: Double?
    public let sortino: Double?
    public let exposure: Double
    public let trades: TradeStatistics
    /// Every fill's fee, the closed trades' and the open positions' alike.
    public let fees: Money
    /// Every funding payment (paid positive, received negative).
    public let funding: Money
    public let equityPoints: Int

    public init(
        initialCash: Money, finalEquity: Money, timeframe: Timeframe, tracker: PerformanceTracker, fees: Money, funding: Money
    ) {
        self.initialCash = initialCash
        self.finalEquity = finalEquity
        totalReturn = finalEquity.doubleValue / initialCash.doubleValue - 1
        let pointsPerYear = PerformanceTracker.pointsPerYear(timeframe)
        maxDrawdown = tracker.maxDrawdown
        sharpe = tracker.sharpe(pointsPerYear: pointsPerYear)
        sortino = tracker.sortino(pointsPerYear: pointsPerYear)
        exposure = tracker.exposure
        trades = tracker.trades
        self.fees = fees
        self.funding = funding
        equityPoints = tracker.equityPoints
    }
}
