import Dispatch
import ProdCore
import Synchronization

/// A parameter sweep on one data set: every combination of the grid runs in its own engine —
/// the engine `brain backtest` uses, in this process — over the same bars, loaded once and shared
/// read-only by `workers` threads. Each row is the same whatever the workers or shard: a
/// combination's run depends on its parameters and the data only.
public struct Sweep: Sendable {
    public let grid: ParameterGrid
    public var config: EngineConfig
    /// The plan every combination trades, its entries of the grid's strategy given the combination's parameters.
    public let plan: Plan
    public let objective: Objective

    public init(grid: ParameterGrid, config: EngineConfig, plan: Plan, objective: Objective) throws(ResearchError) {
        guard plan.entries.contains(where: { $0.strategy.name == grid.strategy }) else {
            throw ResearchError("the plan trades no \(grid.strategy) entry to sweep")
        }
        self.grid = grid
        self.config = config
        self.plan = plan
        self.objective = objective
    }

    /// `shard` is (I, N), 1 ≤ I ≤ N: combination `index` belongs to shard `index % N + 1`.
    public func run(
        _ feed: HistoricalFeed, workers: Int, shard: (index: Int, count: Int) = (1, 1),
        progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> [SweepRow] {
        try runKeeping(feed, workers: workers, shard: shard, daily: false, progress: progress).map(\.row)
    }

    /// Every combination with its daily returns (close to close of each UTC day): what the
    /// gate's overfitting checks compare.
    public func runWithDailyReturns(_ feed: HistoricalFeed, workers: Int) throws -> [(row: SweepRow, daily: DailyReturns)] {
        try runKeeping(feed, workers: workers, shard: (1, 1), daily: true, progress: { _, _ in }).map { ($0.row, $0.daily!) }
    }

    private func runKeeping(
        _ feed: HistoricalFeed, workers: Int, shard: (index: Int, count: Int), daily: Bool,
        progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void
    ) throws -> [(row: SweepRow, daily: DailyReturns?)] {
        let combinations = grid.combinations.valid
        let mine = combinations.indices.filter { $0 % shard.count == shard.index - 1 }
        let rows = Mutex<[(row: SweepRow, daily: DailyReturns?)?]>(Array(repeating: nil, count: mine.count))
        let next = Atomic<Int>(0)
        let failure = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, mine.count))) { _ in
            while true {
                let position = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard position < mine.count, failure.withLock({ $0 == nil }) else { return }
                let index = mine[position]
                do {
                    var engine = try TradingEngine(config: config, plan: plan(for: combinations[index]))
                    let (result, equity) = daily ? feed.runKeepingEquity(&engine) : (feed.run(&engine), [])
                    let parameters = grid.axes.map { combinations[index].parameters[$0.name]! }
                    let row = SweepRow(index: index, parameters: parameters, result: result, objective: objective)
                    let returns = daily ? DailyReturns(equity, initialCash: config.initialCash.doubleValue) : nil
                    let done = rows.withLock { rows in
                        rows[position] = (row, returns)
                        return rows.count { $0 != nil }
                    }
                    progress(done, mine.count)
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return rows.withLock { $0.map { $0! } }
    }

    func plan(for spec: StrategySpec) -> Plan {
        var plan = plan
        plan.entries = plan.entries.map { entry in
            entry.strategy.name == spec.name ? PlanEntry(strategy: spec, instrument: entry.instrument, timeframe: entry.timeframe) : entry
        }
        return plan
    }
}
