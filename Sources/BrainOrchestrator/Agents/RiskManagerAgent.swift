import AgentTools
import ProdCore

/// Sizes entries by risk (a share of equity lost at the stop), sets stop-loss and take-profit, cuts
/// risk as the drawdown deepens and tightens the daily-loss limit past a deeper one. The budget is
/// shared by the strategies enabled together, in proportion to their enable-map weights.
public struct RiskManagerAgent: Agent {
    public let name = "risk"
    public let budget: RiskBudget
    public let maxOpenPositions: Int

    public init(budget: RiskBudget, maxOpenPositions: Int) {
        self.budget = budget
        self.maxOpenPositions = maxOpenPositions
    }

    public mutating func contribute(_ context: DecisionContext, to draft: inout PlanDraft) {
        let drawdown = context.snapshot.status.drawdown
        let decision = budget.decide(drawdown: drawdown, hardDailyLoss: context.hardLimits.maxDailyLoss.doubleValue)
        let perTrade = decision.riskPerTrade / max(1, draft.enabledWeight)
        draft.sizing = .risk(Rate.fraction(perTrade))
        draft.exits = ExitRules(stopLoss: Rate.fraction(budget.stopLoss), takeProfit: Rate.fraction(budget.takeProfit))
        draft.risk = RiskRules(cooldownBarsAfterStop: 3, maxOpenPositions: maxOpenPositions)
        if let dailyLoss = decision.maxDailyLoss { draft.governor.maxDailyLoss = Rate.fraction(dailyLoss) }
        var note = "risk=\(Rate.fraction(perTrade)) dd=\(Rate.fraction(drawdown))"
        if decision.multiplier < 1 { note += " x\(decision.multiplier)" }
        if let dailyLoss = decision.maxDailyLoss { note += " dayloss=\(Rate.fraction(dailyLoss))" }
        draft.rationale.append(note)
    }
}

extension Rate {
    /// The fixed-point rate nearest to `value` (a fraction: 0.02 = 2 %), never below one unit when
    /// `value` is positive, so a tiny risk does not become an invalid zero.
    static func fraction(_ value: Double) -> Rate {
        let raw = Int64((value * Double(FixedPointScale.factor)).rounded())
        return Rate(raw: value > 0 ? Swift.max(1, raw) : raw)
    }
}
