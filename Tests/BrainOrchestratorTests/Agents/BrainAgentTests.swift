import AgentTools
import BrainOrchestrator
import Foundation
import ProdCore
import Testing

/// The Brain: runs the agents in the agent graph's order, sends a plan only when its content or
/// the regimes changed (`no_change` otherwise), keeps the plan the runner applied as the one in
/// force, and halts instead of planning when the Monitor asks.
@Suite struct BrainAgentTests {
    static let config = try! BrainConfig.load(from: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("configs/brain.yaml").path)

    @Test func theAgentsRunInTheGraphsOrder() {
        var brain = BrainAgent(config: Self.config)
        let outcome = brain.decide(AgentFixtures.context())
        #expect(outcome.timings.map(\.agent) == AgentGraph.Step.allCases.map(\.rawValue))
    }

    @Test func aPlanIsSentOnlyWhenSomethingChanged() {
        var brain = BrainAgent(config: Self.config)
        guard case .plan(let first) = brain.decide(AgentFixtures.context(number: 0)).decision else {
            Issue.record("the first decision point sends a plan")
            return
        }
        // Not applied yet: the same content is proposed again.
        #expect(brain.decide(AgentFixtures.context(number: 1)).decision != .noChange)
        brain.applied(first)
        #expect(brain.decide(AgentFixtures.context(number: 2)).decision == .noChange)
        // The runner restarted with a plan the brain may not know: the next one goes in full.
        brain.forgetPlanInForce()
        #expect(brain.decide(AgentFixtures.context(number: 3)).decision != .noChange)
    }

    @Test func theMonitorsHaltReplacesThePlan() {
        var brain = BrainAgent(config: Self.config)
        let outcome = brain.decide(AgentFixtures.context(health: AgentFixtures.health(drawdown: 0.3)))
        guard case .halt(let reason) = outcome.decision else {
            Issue.record("expected a halt, got \(outcome.decision)")
            return
        }
        #expect(reason.contains("drawdown"))
    }
}
