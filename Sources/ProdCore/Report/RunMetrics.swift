import Foundation

/// The numbers of a run report, computed from its stored equity points, trades, fills and
/// funding payments only, so anyone can recompute them from the exported files. Every figure is
/// defined once, by `PerformanceTracker` and `TradeStatistics`, which the engine uses while it runs;
/// return = last equity / initial cash − 1.
public struct RunMetrics: Sendable {
    public let initialCash: Money
    public let finalEquity: Money
    public let totalReturn: Double
    public let maxDrawdown: Double
    public let sharpe: Double?
    public let sortino: Double?
    public let exposure: Double
    public let trades: TradeStatistics
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
        var tracker = PerformanceTracker()
        for point in equity { tracker.recordEquity(point.equity, grossExposure: point.grossExposure) }
        for trade in trades { tracker.recordTrade(trade) }
        let pointsPerYear = PerformanceTracker.pointsPerYear(timeframe)
        maxDrawdown = tracker.maxDrawdown
        sharpe = tracker.sharpe(pointsPerYear: pointsPerYear)
        sortino = tracker.sortino(pointsPerYear: pointsPerYear)
        exposure = tracker.exposure
        self.trades = tracker.trades
        fees = fills.reduce(Money.zero) { $0 + $1.fee }
        self.funding = funding.reduce(Money.zero) { $0 + $1.amount }
        equityPoints = equity.count
        byStrategy = GroupMetrics.grouped(trades, by: \.strategy)
        bySymbol = GroupMetrics.grouped(trades) { "\($0.instrument.symbol) \($0.instrument.market)" }
    }
}

/// The trades of one strategy or one symbol.
public struct GroupMetrics: Sendable {
    public let name: String
    public let trades: TradeStatistics

    static func grouped(_ trades: [Trade], by key: (Trade) -> String) -> [GroupMetrics] {
        Dictionary(grouping: trades, by: key).keys.sorted().map { name in
            GroupMetrics(name: name, trades: TradeStatistics(trades.filter { key($0) == name }))
        }
    }
}
