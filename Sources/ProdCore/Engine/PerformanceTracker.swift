/// Every performance figure of a run, defined once and computed by streaming: the engine feeds it
/// as it runs (`RunResult.performance`, what `brain backtest` prints and research ranks by), and a
/// report feeds it the stored equity points and trades (`RunMetrics`), so the two can never
/// disagree about what a number means. Nothing grows with the number of bars.
/// * max drawdown = largest (peak − equity) / peak over the equity points;
/// * Sharpe = mean / sample standard deviation of the returns between consecutive equity points,
///   × √(points per year); Sortino = mean / √(Σ min(r, 0)² / n) × √(points per year);
/// * exposure = share of equity points with an open position (gross exposure > 0);
/// * trade figures: see `TradeStatistics`.
public struct PerformanceTracker: Sendable, Codable {
    public private(set) var equityPoints = 0
    public private(set) var peakEquity = 0.0
    public private(set) var maxDrawdown = 0.0
    private var previousEquity = Double.nan
    private var returnCount = 0
    private var returnMean = 0.0
    private var returnSquaredDeviations = 0.0
    private var downsideSquares = 0.0
    private var exposedPoints = 0
    public private(set) var trades = TradeStatistics()

    public init() {}

    @inline(__always)
    public mutating func recordEquity(_ equity: Money, grossExposure: Money) {
        let value = equity.doubleValue
        equityPoints += 1
        if grossExposure.isPositive { exposedPoints += 1 }
        if value > peakEquity { peakEquity = value }
        if peakEquity > 0 { maxDrawdown = max(maxDrawdown, (peakEquity - value) / peakEquity) }
        if previousEquity > 0 {
            let periodReturn = value / previousEquity - 1
            returnCount += 1
            let delta = periodReturn - returnMean
            returnMean += delta / Double(returnCount)
            returnSquaredDeviations += delta * (periodReturn - returnMean)
            if periodReturn < 0 { downsideSquares += periodReturn * periodReturn }
        }
        previousEquity = value
    }

    public mutating func recordTrade(_ trade: Trade) { trades.record(trade) }

    /// Equity points per year at one point per bar of `timeframe` (crypto trades every day).
    public static func pointsPerYear(_ timeframe: Timeframe) -> Double {
        365.0 * 86_400_000 / Double(timeframe.milliseconds)
    }

    /// Annualized Sharpe ratio (risk-free rate 0); `nil` with fewer than two returns or no variation.
    public func sharpe(pointsPerYear: Double) -> Double? {
        guard returnCount > 1, returnSquaredDeviations > 0 else { return nil }
        let deviation = (returnSquaredDeviations / Double(returnCount - 1)).squareRoot()
        return returnMean / deviation * pointsPerYear.squareRoot()
    }

    /// Annualized Sortino ratio (target 0); `nil` without a losing period.
    public func sortino(pointsPerYear: Double) -> Double? {
        guard downsideSquares > 0 else { return nil }
        return returnMean / (downsideSquares / Double(returnCount)).squareRoot() * pointsPerYear.squareRoot()
    }

    public var exposure: Double { equityPoints > 0 ? Double(exposedPoints) / Double(equityPoints) : 0 }
}
