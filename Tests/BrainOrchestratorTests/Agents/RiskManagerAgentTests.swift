import AgentTools
import BrainOrchestrator
import ProdCore
import Testing

/// The RiskManager agent: risk per trade cut as the drawdown deepens and shared among the
/// strategies enabled together; the daily-loss limit halved from a 10 % drawdown.
@Suite struct RiskManagerAgentTests {
    static let agent = RiskManagerAgent(budget: RiskBudget(), maxOpenPositions: 2)

    @Test(arguments: [
        (drawdown: 0.0, weight: 1.0, risk: "0.005", dailyLoss: nil as String?),
        (0.049, 1.0, "0.005", nil),
        (0.05, 1.0, "0.0025", nil),
        (0.10, 1.0, "0.00125", "0.015"),
        (0.0, 2.0, "0.0025", nil),
        (0.0, 0.0, "0.005", nil),
    ])
    func riskIsCutByDrawdownAndSharedByWeight(drawdown: Double, weight: Double, risk: String, dailyLoss: String?) {
        var agent = Self.agent
        var draft = PlanDraft()
        draft.enabledWeight = weight
        agent.contribute(AgentFixtures.context(AgentFixtures.snapshot(drawdown: drawdown)), to: &draft)
        #expect(draft.sizing == .risk(Rate(risk)!))
        #expect(draft.governor.maxDailyLoss == dailyLoss.map { Rate($0)! })
        #expect(draft.exits == ExitRules(stopLoss: Rate("0.02")!, takeProfit: Rate("0.04")!))
        #expect(draft.risk.maxOpenPositions == 2)
    }
}
