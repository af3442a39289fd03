import AgentTools
import ProdCore

/// Chooses how entries are sent: a passive limit in calm markets, a market order with a smaller
/// participation cap in volatile ones (`ExecutionPlanner`). One policy per plan, so the most
/// volatile enabled symbol decides.
public struct ExecutionAgent: Agent {
    public let name = "execution"
    public let planner: ExecutionPlanner

    public init(planner: ExecutionPlanner) {
        self.planner = planner
    }

    public mutating func contribute(_ context: DecisionContext, to draft: inout PlanDraft) {
        let traded = Set(draft.entries.map(\.instrument))
        let choices = traded.sorted().map { instrument in
            planner.entry(atrPct: context.features(of: instrument)?.atrPct, highVolatility: draft.regimes[instrument] == .highVol)
        }
        let entry = choices.first { if case .market = $0 { true } else { false } } ?? choices.first
            ?? .market(participation: planner.volatileParticipation)
        switch entry {
        case .market(let participation):
            draft.execution = ExecutionPolicy(entryOrder: .market, maxVolumeShare: Rate.fraction(participation))
            draft.rationale.append("exec=market")
        case .limit(let offset, let timeoutBars, let participation):
            draft.execution = ExecutionPolicy(
                entryOrder: .limit(offset: Rate.fraction(offset), timeoutBars: timeoutBars), maxVolumeShare: Rate.fraction(participation))
            draft.rationale.append("exec=limit-\(Rate.fraction(offset))")
        }
    }
}
