import BrainOrchestrator
import Testing

/// The agent graph is one connected declaration: every edge joins two declared agents, the
/// draft goes from the Brain through every plan-building agent and back, and Research reaches
/// the Brain only through a promotion.
@Suite struct AgentGraphTests {
    @Test func everyEdgeJoinsDeclaredAgents() {
        let ids = Set(AgentGraph.nodes.map(\.id))
        #expect(ids.count == AgentGraph.nodes.count, "no agent twice")
        for edge in AgentGraph.edges {
            #expect(ids.contains(edge.source) && ids.contains(edge.target), "\(edge.id)")
        }
        #expect(Set(AgentGraph.edges.map(\.id)).count == AgentGraph.edges.count, "no edge twice")
    }

    @Test func theDraftPassesEveryStepInOrder() {
        #expect(AgentGraph.draft.map(\.source) == ["brain"] + AgentGraph.Step.allCases.map(\.rawValue))
        #expect(AgentGraph.draft.last?.target == "brain")
        #expect(AgentGraph.edges.filter { $0.source == "research" }.map(\.target) == ["brain"])
    }
}
