/// The runner's state as the brain sees it: in `welcome`, in every `snapshot` and as the answer
/// to `query` and `control`.
public struct RunnerStatus: Equatable, Sendable, Codable {
    public enum State: String, Sendable, Codable {
        /// Lockstep, at a decision point: waiting for the brain's plan.
        case waitingForPlan = "waiting_for_plan"
        case running
        case paused
        /// The feed is exhausted or `stop` was received; the report is exported.
        case finished
    }

    public var state: State
    public var mode: RunnerMode
    public var safeMode: Bool
    public var killSwitch: Bool
    public var haltedForDay: Bool
    /// Inputs processed, and of those committed to the journal (a restart resumes from there).
    public var journalSeq: Int64
    public var committedSeq: Int64
    public var lastAppliedPlanId: String?
    public var fillsCommitted: Int
    public var decisionIntervalMs: Int64
    /// Lockstep: the decision point a plan is awaited for.
    public var pendingDecisionTime: Int64?
    public var eventTime: Int64?
    public var equity: Money
    public var cash: Money
    public var drawdown: Double
    public var positions: [PositionView]
    public var limits: LimitsView
    /// The equity the day's loss is measured from (at the previous UTC day's close); absent from
    /// runners before it was added.
    public var dayStartEquity: Money?
    public var brainConnected: Bool
    /// The last journal commit's wall time in microseconds.
    public var lastCommitMicroseconds: Int64?
}

public enum RunnerMode: String, Sendable, Codable {
    case lockstep
    case freeRunning = "free_running"
}

/// One strategy's position on one instrument.
public struct PositionView: Equatable, Sendable, Codable {
    public var strategy: String
    public var symbol: String
    public var market: Market
    public var quantity: Quantity
    /// The last close it is valued at.
    public var mark: Price
}

/// The limits in force: `configs/governance.yaml` as tightened by the current plan.
public struct LimitsView: Equatable, Sendable, Codable {
    public var maxDailyLoss: Rate
    public var maxGrossExposure: Rate
    public var maxPositionNotional: Money
    public var maxLeverage: Rate
}

/// What the agents decide on at a decision point (lockstep: the runner waits for the answer).
public struct DecisionSnapshot: Equatable, Sendable, Codable {
    /// The decision point: every bar that closed by then has been processed, none after.
    public var decisionTime: Int64
    public var symbols: [SymbolFeatures]
    public var status: RunnerStatus
}
