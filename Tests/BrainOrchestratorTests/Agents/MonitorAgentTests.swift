import AgentTools
import BrainOrchestrator
import ProdCore
import Testing

/// The Monitor agent: an alert when a finding starts, not again while it lasts (again once it
/// ended and came back), and a halt request at the halt drawdown.
@Suite struct MonitorAgentTests {
    @Test func anAlertIsRaisedWhenAFindingStartsNotWhileItLasts() {
        var agent = MonitorAgent(check: HealthCheck())
        var raised: [[String]] = []
        for silence in [0.0, 6, 7, 0, 8] {
            var draft = PlanDraft()
            agent.contribute(AgentFixtures.context(health: AgentFixtures.health(silence: silence)), to: &draft)
            raised.append(draft.alerts.map(\.code))
        }
        #expect(raised == [[], ["runner_slow"], [], [], ["runner_slow"]])
    }

    @Test(arguments: [(drawdown: 0.24, halts: false), (0.25, true), (0.40, true)])
    func theHaltDrawdownAsksForAHalt(drawdown: Double, halts: Bool) {
        var agent = MonitorAgent(check: HealthCheck())
        var draft = PlanDraft()
        agent.contribute(AgentFixtures.context(health: AgentFixtures.health(drawdown: drawdown)), to: &draft)
        #expect((draft.haltRequest != nil) == halts)
        #expect(draft.alerts.contains { $0.code == "drawdown_limit" && $0.level == .critical } == halts)
    }
}
