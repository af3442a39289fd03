import Foundation

/// The numbers of a run report, computed from its stored equity points, trades, fills and
/// funding payments only, so anyone can recompute them from the exported files: the run's
/// `PerformanceFigures` (the same definitions the engine uses while it runs) and its trades per
/// strategy and per symbol.
public struct RunMetrics: Sendable {
    public let figures: PerformanceFigures
    public let byStrategy: [GroupMetrics]
    public let bySymbol: [GroupMetrics]

    public init(
        initialCash: Money, timeframe: Timeframe, equity: [EquityPoint], trades: [Trade], fills: [Fill],
        funding: [FundingPayment]
    ) {
        var tracker = PerformanceTracker()
        for point in equity { tracker.recordEquity(point.equity, grossExposure: point.grossExposure) }
        for trade in trades { tracker.recordTrade(trade) }
        figures = PerformanceFigures(
            initialCash: initialCash, finalEquity: equity.last?.equity ?? initialCash, timeframe: timeframe, tracker: tracker,
            fees: fills.reduce(Money.zero) { $0 + $1.fee }, funding: funding.reduce(Money.zero) { $0 + $1.amount })
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
