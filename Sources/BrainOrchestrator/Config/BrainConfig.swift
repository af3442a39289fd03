import AgentTools
import ProdCore

/// `configs/brain.yaml`: where the runner's settings and the enable map are, and the agents' rules.
public struct BrainConfig: Sendable {
    public var runnerConfig: String
    public var enableMap: String
    public var classifier: RegimeClassifierKind
    public var riskBudget: RiskBudget
    public var maxOpenPositions: Int
    public var selection: StrategyGate.Rules
    public var scoreWindow: Int
    public var health: HealthCheck
    public var supervision: SupervisionPolicy
    /// Loopback port of the brain's /metrics; 0 = no metrics.
    public var metricsPort: Int
    /// The ResearchAgent's settings (`research:`; absent: its defaults).
    public var research = ResearchSettings()

    public static func load(from path: String) throws(ConfigError) -> BrainConfig {
        try YAMLConfigLoader.load(BrainConfigFile.self, from: path).config(file: path)
    }
}

/// `research:` of configs/brain.yaml: what `brain research run` studies and whether it may promote.
public struct ResearchSettings: Sendable, Equatable {
    /// The latest days of data each generated candidate is judged on.
    public var windowDays = 30
    /// A running session starts a research cycle every this many hours of market time; 0 = never.
    public var everyHours = 0.0
    /// Promote a candidate whose gate passed (at stage canary, into `promoteRegimes`) without a person.
    public var autoPromote = false
    public var promoteRegimes: [String] = []

    public init() {}
}

/// How often the runner may crash before the brain gives up.
public struct SupervisionPolicy: Sendable, Equatable {
    public var maxRestarts: Int
    public var window: Duration

    public init(maxRestarts: Int, window: Duration) {
        self.maxRestarts = maxRestarts
        self.window = window
    }
}

private struct BrainConfigFile: Decodable {
    struct Risk: Decodable {
        let risk_per_trade_pct: String
        let stop_loss_pct: String
        let take_profit_pct: String
        let max_open_positions: Int
    }
    struct Selection: Decodable {
        let min_trades: Int
        let min_profit_factor: String
        let cooldown_decisions: Int
        let score_window: Int
    }
    struct Monitor: Decodable {
        let halt_drawdown_pct: String
    }
    struct Supervision: Decodable {
        let max_restarts: Int
        let restart_window_minutes: Double
    }
    struct Research: Decodable {
        let every_hours: Double?
        let window_days: Int
        let auto_promote: Bool
        let promote_regimes: [String]?
    }

    let runner_config: String
    let enable_map: String
    let classifier: String
    let risk: Risk
    let selection: Selection
    let monitor: Monitor
    let supervision: Supervision
    let metrics_port: Int?
    let research: Research?

    func config(file: String) throws(ConfigError) -> BrainConfig {
        func fail(_ field: String, _ reason: String) -> ConfigError { ConfigError(file: file, field: field, reason: reason) }
        func percent(_ text: String, _ field: String, max: Double) throws(ConfigError) -> Double {
            guard let value = Double(text), value.isFinite, value > 0, value <= max else {
                throw fail(field, "expected a percentage in (0, \(max)], got '\(text)'")
            }
            return value / 100
        }
        guard let kind = RegimeClassifierKind(rawValue: classifier) else {
            throw fail("classifier", "expected one of \(RegimeClassifierKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(classifier)'")
        }
        let budget = RiskBudget(
            riskPerTrade: try percent(risk.risk_per_trade_pct, "risk.risk_per_trade_pct", max: 10),
            stopLoss: try percent(risk.stop_loss_pct, "risk.stop_loss_pct", max: 50),
            takeProfit: try percent(risk.take_profit_pct, "risk.take_profit_pct", max: 500))
        guard (1...100).contains(risk.max_open_positions) else { throw fail("risk.max_open_positions", "expected 1…100") }
        guard (1...1000).contains(selection.min_trades) else { throw fail("selection.min_trades", "expected 1…1000") }
        guard let factor = Double(selection.min_profit_factor), factor.isFinite, factor >= 0 else {
            throw fail("selection.min_profit_factor", "expected a number ≥ 0, got '\(selection.min_profit_factor)'")
        }
        guard (0...100_000).contains(selection.cooldown_decisions) else { throw fail("selection.cooldown_decisions", "expected 0…100000") }
        guard (1...10_000).contains(selection.score_window) else { throw fail("selection.score_window", "expected 1…10000") }
        var health = HealthCheck()
        health.haltDrawdown = try percent(monitor.halt_drawdown_pct, "monitor.halt_drawdown_pct", max: 100)
        guard (0...100).contains(supervision.max_restarts) else { throw fail("supervision.max_restarts", "expected 0…100") }
        let minutes = supervision.restart_window_minutes
        guard minutes.isFinite, SettingBounds.restartWindowMinutes.contains(minutes), let window = SettingBounds.duration(
            seconds: minutes * 60, in: SettingBounds.runSeconds)
        else {
            throw fail(
                "supervision.restart_window_minutes",
                SettingBounds.expected(SettingBounds.restartWindowMinutes, "minutes", got: "\(supervision.restart_window_minutes)"))
        }
        for (field, path) in [("runner_config", runner_config), ("enable_map", enable_map)] where path.isEmpty {
            throw fail(field, "must not be empty")
        }
        let port = metrics_port ?? 0
        guard (0...65_535).contains(port) else { throw fail("metrics_port", "expected 1…65535, or 0 for no metrics, got \(port)") }
        var researchSettings = ResearchSettings()
        if let research {
            guard (1...3_650).contains(research.window_days) else { throw fail("research.window_days", "expected 1…3650, got \(research.window_days)") }
            if research.auto_promote && (research.promote_regimes ?? []).isEmpty {
                throw fail("research.promote_regimes", "auto_promote needs the regimes to promote into")
            }
            let every = research.every_hours ?? 0
            guard every.isFinite, every >= 0, every <= 24 * 365 else { throw fail("research.every_hours", "expected 0 (never) … 8760, got \(every)") }
            researchSettings.everyHours = every
            researchSettings.windowDays = research.window_days
            researchSettings.autoPromote = research.auto_promote
            researchSettings.promoteRegimes = research.promote_regimes ?? []
        }
        var config = BrainConfig(
            runnerConfig: runner_config, enableMap: enable_map, classifier: kind, riskBudget: budget,
            maxOpenPositions: risk.max_open_positions,
            selection: StrategyGate.Rules(
                minimumTrades: selection.min_trades, minimumProfitFactor: factor, cooldownDecisions: selection.cooldown_decisions),
            scoreWindow: selection.score_window, health: health,
            supervision: SupervisionPolicy(
                maxRestarts: supervision.max_restarts, window: window),
            metricsPort: port)
        config.research = researchSettings
        return config
    }
}
