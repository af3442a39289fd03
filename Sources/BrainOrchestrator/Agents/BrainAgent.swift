import AgentTools
import ProdCore

/// The coordinator: runs the other agents in `AgentGraph.Step` order at each decision point and composes their parts
/// into one plan, or a halt when the Monitor asks for one. A plan whose content and regimes equal
/// the one in force is not sent again (`no_change`), so the journal records real changes only, and
/// every regime change among them (its source names the regimes).
public struct BrainAgent: Sendable {
    public var regime: MarketRegimeAgent
    public var selection: StrategySelectionAgent
    public var risk: RiskManagerAgent
    public var execution: ExecutionAgent
    public var monitor: MonitorAgent
    private var inForce: (plan: Plan, regimes: [InstrumentID: MarketRegime])?
    private var proposed: (planId: String?, regimes: [InstrumentID: MarketRegime])?

    public init(config: BrainConfig) {
        regime = MarketRegimeAgent(kind: config.classifier)
        selection = StrategySelectionAgent(rules: config.selection, scoreWindow: config.scoreWindow)
        risk = RiskManagerAgent(budget: config.riskBudget, maxOpenPositions: config.maxOpenPositions)
        execution = ExecutionAgent(planner: ExecutionPlanner())
        monitor = MonitorAgent(check: config.health)
    }

    /// What the Brain does at a decision point.
    public enum Decision: Sendable, Equatable {
        case plan(Plan)
        case noChange
        case halt(reason: String)
    }

    public struct Outcome: Sendable {
        public var decision: Decision
        public var draft: PlanDraft
        /// Each agent's wall time, in the order they ran.
        public var timings: [AgentTiming]
    }

    public struct AgentTiming: Sendable {
        public var agent: String
        public var duration: Duration
    }

    private static func run(_ agent: inout some Agent, _ context: DecisionContext, _ draft: inout PlanDraft, _ timings: inout [AgentTiming]) {
        let start = ContinuousClock.now
        agent.contribute(context, to: &draft)
        timings.append(AgentTiming(agent: agent.name, duration: .now - start))
    }

    public mutating func decide(_ context: DecisionContext) -> Outcome {
        var draft = PlanDraft()
        var timings: [AgentTiming] = []
        for step in AgentGraph.Step.allCases {
            switch step {
            case .regime: Self.run(&regime, context, &draft, &timings)
            case .selection: Self.run(&selection, context, &draft, &timings)
            case .risk: Self.run(&risk, context, &draft, &timings)
            case .execution: Self.run(&execution, context, &draft, &timings)
            case .monitor: Self.run(&monitor, context, &draft, &timings)
            }
        }
        if let reason = draft.haltRequest { return Outcome(decision: .halt(reason: reason), draft: draft, timings: timings) }
        let time = context.snapshot.decisionTime
        let plan = Plan(
            id: "brain-\(time)", expiresAt: time + context.snapshot.status.decisionIntervalMs,
            source: Self.source(decision: context.decisionNumber, rationale: draft.rationale), entries: draft.entries,
            sizing: draft.sizing, exits: draft.exits, risk: draft.risk, execution: draft.execution, governor: draft.governor)
        if let inForce, Self.sameContent(inForce.plan, plan), inForce.regimes == draft.regimes {
            return Outcome(decision: .noChange, draft: draft, timings: timings)
        }
        proposed = (plan.id, draft.regimes)
        return Outcome(decision: .plan(plan), draft: draft, timings: timings)
    }

    /// The runner applied `plan`: it is the one in force. A rejected plan leaves the previous one.
    public mutating func applied(_ plan: Plan) {
        inForce = (plan, proposed?.planId == plan.id ? proposed?.regimes ?? [:] : [:])
    }

    /// The runner restarted with a plan the brain may not know: send the next one in full.
    public mutating func forgetPlanInForce() {
        inForce = nil
    }

    public mutating func record(_ fill: Fill) {
        selection.record(fill)
    }

    /// `brain#N` and the agents' notes, within the 256 bytes a plan's source may hold.
    static func source(decision: Int, rationale: [String]) -> String {
        var text = "brain#\(decision) " + rationale.joined(separator: " | ")
        while text.utf8.count > 256 { text.removeLast() }
        return text
    }

    static func sameContent(_ a: Plan, _ b: Plan) -> Bool {
        a.entries == b.entries && a.sizing == b.sizing && a.exits == b.exits && a.risk == b.risk && a.execution == b.execution
            && a.governor == b.governor
    }
}
