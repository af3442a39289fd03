import Foundation

/// The numbers of a run report, computed from its stored equity points, trades, fills and
/// funding payments only, so anyone can recompute them from the exported files:
/// * return = last equity / initial cash − 1;
/// * max drawdown = largest (peak − equity) / peak over the equity points;
/// * Sharpe = mean / sample standard deviation of the returns between consecutive equity points,
///   × √(points per year); Sortino = mean / √(Σ min(r, 0)² / n) × √(points per year);
/// * exposure = share of equity points with an open position (gross exposure > 0);
/// * profit factor = Σ winning trade PnL / −Σ losing trade PnL; win rate = winners / trades
///   (a trade wins when its PnL, net of fees and funding, is positive).
public struct RunMetrics: Sendable {
    public let initialCash: Money
    public let finalEquity: Money
    public let totalReturn: Double
    public let maxDrawdown: Double
    public let sharpe: Double?
    public let sortino: Double?
    public let exposure: Double
    public let trades: TradeMetrics
    public let fees: Money
    public let funding: Money
    public let equityPoints: Int
    public let byStrategy: [GroupMetrics]
    public let bySymbol: [GroupMetrics]

    public init(
        initialCash: Money, timeframe: Timeframe, equity: [EquityPoint], trades: [Trade], fills: [Fill],
        funding: [FundingPayment]
    ) {
        self.initialCash = initialCash
        finalEquity = equity.last?.equity ?? initialCash
        totalReturn = finalEquity.doubleValue / initialCash.doubleValue - 1
        // The engine's own statistics over the same points: the CLI summary and the report agree.
        var tracker = PerformanceTracker()
        for point in equity { tracker.recordEquity(point.equity) }
        let pointsPerYear = 365.0 * 86_400_000 / Double(timeframe.milliseconds)
        maxDrawdown = tracker.maxDrawdown
        let sharpe = tracker.sharpe(barsPerYear: pointsPerYear)
        self.sharpe = sharpe.isFinite ? sharpe : nil
        let returns = zip(equity, equity.dropFirst()).map { $1.equity.doubleValue / $0.equity.doubleValue - 1 }
        let mean = returns.isEmpty ? 0 : returns.reduce(0, +) / Double(returns.count)
        let downside = returns.isEmpty ? 0 : returns.reduce(0) { $0 + min($1, 0) * min($1, 0) } / Double(returns.count)
        sortino = downside > 0 ? mean / downside.squareRoot() * pointsPerYear.squareRoot() : nil
        exposure = equity.isEmpty ? 0 : Double(equity.count { $0.grossExposure.isPositive }) / Double(equity.count)
        self.trades = TradeMetrics(trades)
        fees = fills.reduce(Money.zero) { $0 + $1.fee }
        self.funding = funding.reduce(Money.zero) { $0 + $1.amount }
        equityPoints = equity.count
        byStrategy = GroupMetrics.grouped(trades, by: \.strategy)
        bySymbol = GroupMetrics.grouped(trades) { "\($0.instrument.symbol) \($0.instrument.market)" }
    }
}

/// Closed-trade statistics of a run or of one group of its trades.
public struct TradeMetrics: Sendable {
    public let count: Int
    public let winners: Int
    public let pnl: Money
    public let grossProfit: Money
    public let grossLoss: Money
    public let fees: Money
    public let funding: Money

    init(_ trades: [Trade]) {
        count = trades.count
        winners = trades.count { $0.pnl.isPositive }
        pnl = trades.reduce(Money.zero) { $0 + $1.pnl }
        grossProfit = trades.filter { $0.pnl.isPositive }.reduce(Money.zero) { $0 + $1.pnl }
        grossLoss = trades.filter { !$0.pnl.isPositive }.reduce(Money.zero) { $0 - $1.pnl }
        fees = trades.reduce(Money.zero) { $0 + $1.fees }
        funding = trades.reduce(Money.zero) { $0 + $1.funding }
    }

    /// `nil` without trades.
    public var winRate: Double? { count > 0 ? Double(winners) / Double(count) : nil }

    /// `nil` without a losing trade (undefined or infinite).
    public var profitFactor: Double? { grossLoss.isPositive ? grossProfit.doubleValue / grossLoss.doubleValue : nil }
}

/// The trades of one strategy or one symbol.
public struct GroupMetrics: Sendable {
    public let name: String
    public let trades: TradeMetrics

    static func grouped(_ trades: [Trade], by key: (Trade) -> String) -> [GroupMetrics] {
        Dictionary(grouping: trades, by: key).keys.sorted().map { name in
            GroupMetrics(name: name, trades: TradeMetrics(trades.filter { key($0) == name }))
        }
    }
}
