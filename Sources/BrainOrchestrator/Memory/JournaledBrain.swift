import AgentTools
import ProdCore

/// The BrainAgent with a memory. Every input that moves an agent's state goes into the run's
/// journal, and a decision's inputs are on disk before it is sent; a brain that takes over a run
/// (after the previous brain was killed, or with `--resume`) replays the journal first, so its
/// agents continue in the state the old ones had and the run trades as if nothing had happened.
struct JournaledBrain {
    private var agent: BrainAgent
    private var journal: BrainJournal?
    /// The enable map and limits last journaled: written again only when they change.
    private var map: EnableMap?
    private var limits: GovernanceLimits?

    /// Where the session goes on after a replay: the old brain's counters and last decisions.
    struct Recollection {
        var decisions = 0
        var decisionTimes: [Int64] = []
        var recentDecisions = RecentDecisions()
        /// The last plan decided: the one the old brain sent, or was about to send.
        var sentPlan: Plan?
        var lastFillSeen = -1
    }

    init(config: BrainConfig) {
        agent = BrainAgent(config: config)
    }

    /// Whether this brain keeps the run's journal already (it started the run or took it over).
    var isJournaling: Bool { journal != nil }

    /// Opens the journal of `runId` in `folder` and replays what it holds into the agents.
    mutating func takeOver(runId: Int64, folder: String) throws -> Recollection {
        var memory = Recollection()
        let path = "\(folder)/run-\(runId).journal"
        journal = try BrainJournal.open(folder: folder, runId: runId) { entry in try replay(entry, into: &memory, path: path) }
        return memory
    }

    private mutating func replay(_ entry: BrainJournalEntry, into memory: inout Recollection, path: String) throws {
        switch entry {
        case .enableMap(let map):
            self.map = map
        case .hardLimits(let limits):
            self.limits = limits
        case .decision(let number, let snapshot, let health):
            guard let map, let limits else {
                throw BrainJournalError("\(path): a decision point comes before the enable map and limits it used")
            }
            let context = DecisionContext(snapshot: snapshot, decisionNumber: number, enableMap: map, hardLimits: limits, health: health)
            let outcome = agent.decide(context)
            memory.decisions = number + 1
            memory.decisionTimes.append(snapshot.decisionTime)
            memory.recentDecisions.remember(time: snapshot.decisionTime, outcome: outcome)
            if case .plan(let plan) = outcome.decision { memory.sentPlan = plan }
        case .fill(let event):
            agent.record(event.fill)
            memory.lastFillSeen = max(memory.lastFillSeen, event.index)
        case .applied(let planId):
            if let plan = memory.sentPlan, plan.id == planId { agent.applied(plan) }
        case .forgotPlanInForce:
            agent.forgetPlanInForce()
        }
    }

    /// Decides, with the decision's inputs written to the journal first: the snapshot as the
    /// runner sent it (`snapshotJSON`, its message's JSON).
    mutating func decide(_ context: DecisionContext, snapshotJSON: [UInt8]) throws -> BrainAgent.Outcome {
        if map?.version != context.enableMap.version {
            try journal?.append(.enableMap(context.enableMap))
            map = context.enableMap
        }
        if limits != context.hardLimits {
            try journal?.append(.hardLimits(context.hardLimits))
            limits = context.hardLimits
        }
        try journal?.appendDecision(number: context.decisionNumber, snapshotJSON: snapshotJSON, health: context.health)
        try journal?.flush()
        return agent.decide(context)
    }

    /// The entries below are written with the next decision: one lost to a kill is told again by
    /// the runner (fills after `lastFillSeen`, the plan applied in `welcome`).
    mutating func applied(_ plan: Plan) throws {
        if let id = plan.id { try journal?.append(.applied(planId: id)) }
        agent.applied(plan)
    }

    mutating func forgetPlanInForce() throws {
        try journal?.append(.forgotPlanInForce)
        agent.forgetPlanInForce()
    }

    mutating func record(_ event: RunnerMessage.FillEvent) throws {
        try journal?.append(.fill(event))
        agent.record(event.fill)
    }

    /// Writes what is still buffered (the run stops here; a later brain may resume it).
    func flush() throws {
        try journal?.flush()
    }

    /// The run finished: nothing can resume it, so its journal goes.
    mutating func finish() {
        journal?.remove()
        journal = nil
    }
}
