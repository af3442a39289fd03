import AgentTools
import ProdCore

/// One of the brain's agents (ARCHITECTURE.md §1). At each decision point it reads the runner's
/// snapshot and its own state and fills its part of the plan, with a short rationale kept in the
/// plan for audit. Agents never place orders: the runner executes the plan the Brain composes.
public protocol Agent: Sendable {
    var name: String { get }
    mutating func contribute(_ context: DecisionContext, to draft: inout PlanDraft)
}

/// What every agent sees at a decision point.
public struct DecisionContext: Sendable {
    public var snapshot: DecisionSnapshot
    /// Decision points seen in this run, from 0.
    public var decisionNumber: Int
    public var enableMap: EnableMap
    /// `configs/governance.yaml`: the hard limits a plan may only tighten.
    public var hardLimits: GovernanceLimits
    /// The brain loop's own measurements, for the Monitor.
    public var health: HealthReadings

    public init(snapshot: DecisionSnapshot, decisionNumber: Int, enableMap: EnableMap, hardLimits: GovernanceLimits, health: HealthReadings) {
        self.snapshot = snapshot
        self.health = health
        self.decisionNumber = decisionNumber
        self.enableMap = enableMap
        self.hardLimits = hardLimits
    }

    public func features(of instrument: InstrumentID) -> SymbolFeatures? {
        snapshot.symbols.first { $0.symbol == instrument.symbol && $0.market == instrument.market }
    }
}

/// The plan as the agents build it in turn: MarketRegime → StrategySelection → RiskManager →
/// Execution → Monitor.
public struct PlanDraft: Sendable {
    public var regimes: [InstrumentID: MarketRegime] = [:]
    public var entries: [PlanEntry] = []
    /// Sum of the enable-map weights of the entries enabled: the risk budget is shared among them.
    public var enabledWeight = 0.0
    public var sizing: Sizing = .allIn
    public var exits = ExitRules()
    public var risk = RiskRules()
    public var execution = ExecutionPolicy()
    public var governor = GovernorOverrides()
    /// One short line per agent, in order: becomes the plan's `source`.
    public var rationale: [String] = []
    public var alerts: [BrainAlert] = []
    /// Set by the Monitor: the Brain halts the runner (kill switch, flatten) instead of trading.
    public var haltRequest: String?

    public init() {}
}

/// Something an agent wants a person to know.
public struct BrainAlert: Sendable, Equatable, Codable {
    public enum Level: String, Sendable, Codable { case info, warning, critical }
    public var level: Level
    /// Stable machine name, such as `feed_stale` or `drawdown_limit`.
    public var code: String
    public var message: String

    public init(level: Level, code: String, message: String) {
        self.level = level
        self.code = code
        self.message = message
    }
}

extension InstrumentID {
    /// `BTCUSDT:spot`, as configs and plans name it.
    var key: String { "\(symbol):\(market.rawValue)" }

    /// `BTCUSDT` for spot, `BTCUSDT:usdm` otherwise: how plan sources name it.
    var sourceName: String { market == .spot ? symbol : key }
}
