/// Closed-trade figures of a run or of one group of its trades. A trade wins when its PnL, net of
/// fees and funding, is positive.
public struct TradeStatistics: Sendable, Codable, Equatable {
    public private(set) var count = 0
    public private(set) var winners = 0
    public private(set) var pnl: Money = .zero
    public private(set) var grossProfit: Money = .zero
    public private(set) var grossLoss: Money = .zero
    public private(set) var fees: Money = .zero
    public private(set) var funding: Money = .zero

    public init() {}

    public init(_ trades: some Sequence<Trade>) {
        for trade in trades { record(trade) }
    }

    public mutating func record(_ trade: Trade) {
        count += 1
        pnl = pnl + trade.pnl
        fees = fees + trade.fees
        funding = funding + trade.funding
        if trade.pnl.isPositive {
            winners += 1
            grossProfit = grossProfit + trade.pnl
        } else {
            grossLoss = grossLoss - trade.pnl
        }
    }

    /// Winners / trades; `nil` without trades.
    public var winRate: Double? { count > 0 ? Double(winners) / Double(count) : nil }

    /// Gross profit / gross loss; `nil` without a losing trade (undefined or infinite).
    public var profitFactor: Double? { grossLoss.isPositive ? grossProfit.doubleValue / grossLoss.doubleValue : nil }
}
