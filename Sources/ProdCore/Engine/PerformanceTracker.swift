/// Streaming run statistics over the equity curve (one point per bar, marked at the close) and
/// the closed trades; nothing grows with the number of bars.
public struct PerformanceTracker: Sendable, Codable {
    public private(set) var bars = 0
    public private(set) var peakEquity = 0.0
    public private(set) var maxDrawdown = 0.0
    private var previousEquity = Double.nan
    private var returnCount = 0
    private var returnMean = 0.0
    private var returnSquaredDeviations = 0.0
    public private(set) var grossProfit: Money = .zero
    public private(set) var grossLoss: Money = .zero
    public private(set) var winningTrades = 0
    public private(set) var trades = 0

    public init() {}

    @inline(__always)
    public mutating func recordEquity(_ equity: Money) {
        let value = equity.doubleValue
        bars += 1
        if value > peakEquity { peakEquity = value }
        if peakEquity > 0 { maxDrawdown = max(maxDrawdown, (peakEquity - value) / peakEquity) }
        if previousEquity > 0 {
            let periodReturn = value / previousEquity - 1
            returnCount += 1
            let delta = periodReturn - returnMean
            returnMean += delta / Double(returnCount)
            returnSquaredDeviations += delta * (periodReturn - returnMean)
        }
        previousEquity = value
    }

    public mutating func recordTrade(_ trade: Trade) {
        trades += 1
        if trade.pnl.raw > 0 {
            winningTrades += 1
            grossProfit = grossProfit + trade.pnl
        } else {
            grossLoss = grossLoss - trade.pnl
        }
    }

    /// Gross profit / gross loss of closed trades; infinite with profits and no loss, NaN with no trade.
    public var profitFactor: Double {
        if grossLoss.raw == 0 { return grossProfit.raw > 0 ? .infinity : .nan }
        return grossProfit.doubleValue / grossLoss.doubleValue
    }

    public var winRate: Double { trades > 0 ? Double(winningTrades) / Double(trades) : .nan }

    /// Annualized Sharpe ratio of per-bar returns (risk-free rate 0, sample standard deviation).
    public func sharpe(barsPerYear: Double) -> Double {
        guard returnCount > 1, returnSquaredDeviations > 0 else { return .nan }
        let deviation = (returnSquaredDeviations / Double(returnCount - 1)).squareRoot()
        return returnMean / deviation * barsPerYear.squareRoot()
    }
}
