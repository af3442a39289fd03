/// Recent results of one strategy on one symbol: the last `window` round trips' net PnL, for the
/// rolling profit factor and expectancy the StrategySelection agent scores with.
public struct StrategyScore: Sendable, Equatable {
    public private(set) var results: [Double] = []
    public let window: Int

    public init(window: Int) {
        precondition(window >= 1)
        self.window = window
    }

    public mutating func record(_ pnl: Double) {
        results.append(pnl)
        if results.count > window { results.removeFirst(results.count - window) }
    }

    public mutating func reset() { results.removeAll() }

    /// Gross profit / gross loss; `infinity` with profits and no loss, `nil` with no trades.
    public var profitFactor: Double? {
        guard !results.isEmpty else { return nil }
        let profit = results.filter { $0 > 0 }.reduce(0, +)
        let loss = -results.filter { $0 < 0 }.reduce(0, +)
        return loss == 0 ? (profit > 0 ? .infinity : 1) : profit / loss
    }

    /// Mean net PnL per round trip; `nil` with no trades.
    public var expectancy: Double? {
        results.isEmpty ? nil : results.reduce(0, +) / Double(results.count)
    }
}
