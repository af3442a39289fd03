import AgentTools
import ProdCore

/// Enables, per symbol, the strategies the enable map allows in its regime, minus those whose
/// recent round trips score badly (`StrategyGate`: off for a cooldown, then on probation).
/// A symbol with no regime yet (features warming up) gets nothing.
public struct StrategySelectionAgent: Agent {
    public let name = "selection"
    public let rules: StrategyGate.Rules
    public let scoreWindow: Int
    private var ledger = RoundTripLedger()
    private var scores: [String: StrategyScore] = [:]
    private var gates: [String: StrategyGate] = [:]

    public init(rules: StrategyGate.Rules, scoreWindow: Int = 20) {
        self.rules = rules
        self.scoreWindow = scoreWindow
    }

    /// Books a fill of the runner into the strategies' scores.
    public mutating func record(_ fill: Fill) {
        guard let pnl = ledger.record(
            strategy: fill.strategy, isBuy: fill.side == .buy, isEntry: fill.intent == .entry,
            quantity: fill.quantity.doubleValue, notional: fill.notional.doubleValue, fee: fill.fee.doubleValue)
        else { return }
        scores[fill.strategy, default: StrategyScore(window: scoreWindow)].record(pnl)
    }

    public mutating func contribute(_ context: DecisionContext, to draft: inout PlanDraft) {
        var enabled: [String] = [], cooling: [String] = []
        for instrument in draft.regimes.keys.sorted() {
            guard let regime = draft.regimes[instrument] else { continue }
            for choice in context.enableMap.choices(for: instrument, in: regime) {
                let entry = PlanEntry(strategy: choice.strategy, instrument: instrument, timeframe: choice.timeframe)
                let key = entry.description
                var score = scores[key] ?? StrategyScore(window: scoreWindow)
                var gate = gates[key] ?? StrategyGate(rules: rules)
                let verdict = gate.verdict(at: context.decisionNumber, score: &score)
                scores[key] = score
                gates[key] = gate
                switch verdict {
                case .enabled:
                    draft.entries.append(entry)
                    draft.enabledWeight += choice.weight
                    enabled.append(choice.strategy.name)
                case .coolingDown(let until, let reason):
                    cooling.append(choice.strategy.name)
                    if until == context.decisionNumber + rules.cooldownDecisions {
                        draft.alerts.append(BrainAlert(level: .info, code: "strategy_cooldown", message: "\(key) off until decision \(until): \(reason)"))
                    }
                }
            }
        }
        draft.rationale.append("on=" + (enabled.isEmpty ? "none" : enabled.joined(separator: "+"))
            + (cooling.isEmpty ? "" : " cool=" + cooling.joined(separator: "+")) + " map=\(context.enableMap.version.prefix(8))")
    }
}
