/// The agents, and who hands what to whom: declared once, read by the Brain's run order
/// (`BrainAgent.decide`), the agent-graph metrics (`crupto_agent_node`,
/// `crupto_agent_messages_total`: the dashboard's node graph) and the tests of both.
public enum AgentGraph {
    public struct Node: Sendable, Equatable {
        public let id: String
        public let title: String
    }

    /// What travels along an edge; its id is `source->target`.
    public struct Edge: Sendable, Hashable {
        public let source: String
        public let target: String
        public let carries: String
        public var id: String { "\(source)->\(target)" }
    }

    /// The agents that build a plan, in the order the Brain runs them at a decision point: each
    /// fills its part of the draft the one before handed on.
    public enum Step: String, CaseIterable, Sendable {
        case regime, selection, risk, execution, monitor
    }

    public static let nodes: [Node] = [
        Node(id: "runner", title: "prodcore-runner"), Node(id: "brain", title: "Brain"),
        Node(id: Step.regime.rawValue, title: "MarketRegime"), Node(id: Step.selection.rawValue, title: "StrategySelection"),
        Node(id: Step.risk.rawValue, title: "RiskManager"), Node(id: Step.execution.rawValue, title: "Execution"),
        Node(id: Step.monitor.rawValue, title: "Monitor"), Node(id: "research", title: "Research"),
    ]

    public static let snapshot = Edge(source: "runner", target: "brain", carries: "decision snapshot")
    public static let plan = Edge(source: "brain", target: "runner", carries: "plan or no_change")
    public static let fills = Edge(source: "runner", target: Step.selection.rawValue, carries: "fills, for the strategies' scores")
    /// Research runs in its own process; what reaches the brain is a promotion that passed the gate.
    public static let promotion = Edge(source: "research", target: "brain", carries: "promoted strategy (enable map, registry)")

    /// The draft's way through the plan-building agents: brain → regime → … → monitor → brain.
    public static let draft: [Edge] = {
        let chain = ["brain"] + Step.allCases.map(\.rawValue) + ["brain"]
        return zip(chain, chain.dropFirst()).map { Edge(source: $0, target: $1, carries: "plan draft") }
    }()

    public static let edges: [Edge] = [snapshot] + draft + [plan, fills, promotion]
}
