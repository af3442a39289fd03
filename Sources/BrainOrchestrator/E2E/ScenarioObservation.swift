import AgentTools
import Foundation
import ProdCore

/// What one run of a scenario left behind: the brain's result and, from the runner's database,
/// the journaled plans, governor events and fills.
struct ScenarioObservation {
    /// A plan the runner journaled, at the decision time it applied from.
    struct JournaledPlan {
        var time: Int64
        var plan: Plan
    }

    var result: BrainSession.Result
    var plans: [JournaledPlan]
    var governorEvents: [GovernorEvent]
    var fills: Int
    /// Audit rows of promotions and demotions in the run's database.
    var promotions: Int

    init(result: BrainSession.Result, database: String) throws {
        self.result = result
        let store = RunStore(database: try CruptoDatabase(path: database))
        let decoder = JSONDecoder()
        plans = try store.journal(run: result.runId).filter { $0.type == "plan" }.compactMap { entry in
            let plan = try decoder.decode(Plan.self, from: Data(entry.payload.utf8))
            return plan.id == nil ? nil : JournaledPlan(time: entry.time, plan: plan)
        }
        governorEvents = try store.governorEvents(run: result.runId)
        fills = try store.fills(run: result.runId).count
        promotions = try store.promotions().count
    }

    /// The regime the plans named for `symbol`, from each plan on (`nil` = warming); sources read `SYMBOL=regime`.
    func regimeChanges(of symbol: String) -> [(time: Int64, regime: MarketRegime?)] {
        var changes: [(time: Int64, regime: MarketRegime?)] = []
        for journaled in plans {
            let token = journaled.plan.source.split(whereSeparator: { $0 == " " || $0 == "|" }).first { $0.hasPrefix(symbol + "=") }
            guard let token else { continue }
            let regime = MarketRegime(rawValue: String(token.dropFirst(symbol.count + 1)))
            if changes.last.map({ $0.regime != regime }) ?? true { changes.append((journaled.time, regime)) }
        }
        return changes
    }

    /// The time of decision point `number`, or the end of the run past the last one.
    func decisionTime(_ number: Int) -> Int64 {
        number < result.decisionTimes.count ? result.decisionTimes[number] : .max
    }

    /// The strategies the plans in force over `from..<to` (decision times) enabled.
    func strategiesInForce(from: Int64, to: Int64) -> [Set<String>] {
        let inForceAtStart = plans.last { $0.time <= from }
        let during = plans.filter { $0.time > from && $0.time < to }
        return ([inForceAtStart].compactMap { $0 } + during).map { Set($0.plan.entries.map(\.strategy.name)) }
    }

    /// The enable-map versions plans named (`map=` in their source), in order of first use.
    var mapVersions: [String] {
        var versions: [String] = []
        for journaled in plans {
            guard let range = journaled.plan.source.range(of: "map=") else { continue }
            let version = String(journaled.plan.source[range.upperBound...].prefix { !$0.isWhitespace && $0 != "|" })
            if !versions.contains(version) { versions.append(version) }
        }
        return versions
    }
}
