/// What the core may do, as decided by the brain (or, in a backtest, by flags and config): which
/// strategy runs on which instrument, with which parameters, risk rules, execution policy and
/// governor overrides. The engine validates every plan before applying it; a bad one is rejected
/// with reasons and the last good plan stays.
public struct Plan: Equatable, Sendable, Codable {
    /// Unique per run for plans sent over the socket: re-sending a plan with a known id is answered
    /// again but never applied twice. `nil` for plans made by flags.
    public var id: String?
    /// Event time (UTC ms) from which the plan is stale; one arriving at or after it is rejected.
    public var expiresAt: Int64?
    /// Who made the plan and why, carried into events and reports (`cli`, `brain#12 regime=range`).
    public var source: String
    public var entries: [PlanEntry]
    public var sizing: Sizing
    public var exits: ExitRules
    public var risk: RiskRules
    public var execution: ExecutionPolicy
    /// Limits tighter than `configs/governance.yaml`; a looser value rejects the plan.
    public var governor: GovernorOverrides

    public init(
        id: String? = nil, expiresAt: Int64? = nil, source: String, entries: [PlanEntry], sizing: Sizing = .allIn,
        exits: ExitRules = ExitRules(), risk: RiskRules = RiskRules(), execution: ExecutionPolicy = ExecutionPolicy(),
        governor: GovernorOverrides = GovernorOverrides()
    ) {
        self.id = id
        self.expiresAt = expiresAt
        self.source = source
        self.entries = entries
        self.sizing = sizing
        self.exits = exits
        self.risk = risk
        self.execution = execution
        self.governor = governor
    }
}

/// One strategy enabled on one instrument, deciding on bars of `timeframe`.
public struct PlanEntry: Equatable, Sendable, CustomStringConvertible, Codable {
    public let strategy: StrategySpec
    public let instrument: InstrumentID
    public let timeframe: Timeframe

    public init(strategy: StrategySpec, instrument: InstrumentID, timeframe: Timeframe) {
        self.strategy = strategy
        self.instrument = instrument
        self.timeframe = timeframe
    }

    public var description: String { "\(strategy)@\(instrument.symbol):\(instrument.market):\(timeframe)" }
}

extension Plan {
    /// The plan a runner run starts with, and a `brain backtest --plans` replay of one: nothing
    /// enabled until the brain's first plan.
    public static let idle = Plan(source: "idle", entries: [])
}
