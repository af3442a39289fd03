import ProdCore

/// configs/research.yaml: the gate's thresholds, the walk-forward and Monte Carlo it runs, and
/// where the registry is.
public struct GateSettings: Decodable, Sendable {
    public struct Thresholds: Decodable, Sendable {
        public var profit_factor_in_sample: Double
        public var profit_factor_out_of_sample: Double
        public var max_drawdown_vs_portfolio: Double
        public var correlation_with_portfolio: Double
        public var min_trades: Int
        public var deflated_sharpe_min: Double
        public var deflated_sharpe_blocks: Bool
        public var pbo_max: Double
        public var pbo_blocks: Bool
        public var pbo_blocks_of_days: Int
    }

    public struct WalkForwardWindows: Decodable, Sendable {
        public var train: String
        public var test: String
        public var embargo: String
        public var warm_up: String
    }

    public struct MonteCarloSettings: Decodable, Sendable {
        public var samples: Int
        public var seed: UInt64
    }

    public var gate: Thresholds
    public var walkforward: WalkForwardWindows
    public var montecarlo: MonteCarloSettings
    public var registry: String

    public static func load(from path: String) throws(ConfigError) -> GateSettings {
        let settings = try YAMLConfigLoader.load(GateSettings.self, from: path)
        let gate = settings.gate
        for (field, value, range) in [
            ("gate.profit_factor_in_sample", gate.profit_factor_in_sample, 0.0...100), ("gate.profit_factor_out_of_sample", gate.profit_factor_out_of_sample, 0...100),
            ("gate.max_drawdown_vs_portfolio", gate.max_drawdown_vs_portfolio, 0...100), ("gate.correlation_with_portfolio", gate.correlation_with_portfolio, -1...1),
            ("gate.deflated_sharpe_min", gate.deflated_sharpe_min, 0...1), ("gate.pbo_max", gate.pbo_max, 0...1),
            ("gate.min_trades", Double(gate.min_trades), 0...10_000_000), ("gate.pbo_blocks_of_days", Double(gate.pbo_blocks_of_days), 2...20),
            ("montecarlo.samples", Double(settings.montecarlo.samples), 1...1_000_000),
        ] where !(value.isFinite && range.contains(value)) {
            throw ConfigError(file: path, field: field, reason: "expected \(range.lowerBound.numberText)…\(range.upperBound.numberText), got \(value.numberText)")
        }
        guard gate.pbo_blocks_of_days % 2 == 0 else { throw ConfigError(file: path, field: "gate.pbo_blocks_of_days", reason: "must be even") }
        return settings
    }
}

/// configs/strategies.yaml.
public struct StrategyRegistry: Decodable, Sendable {
    public struct Entry: Decodable, Sendable {
        public var id: String
        public var strategy: String
        public var timeframe: String?
        public var market: String?
        public var stage: Stage
        public var risk_weight: Double
    }

    public enum Stage: String, Decodable, Sendable { case research, paper, canary, retired }

    public var strategies: [Entry]

    public static func load(from path: String) throws(ConfigError) -> StrategyRegistry {
        let registry = try YAMLConfigLoader.load(StrategyRegistry.self, from: path)
        for (index, entry) in registry.strategies.enumerated() where !(entry.risk_weight.isFinite && entry.risk_weight > 0 && entry.risk_weight <= 100) {
            throw ConfigError(file: path, field: "strategies[\(index)].risk_weight", reason: "expected a weight in (0, 100], got \(entry.risk_weight.numberText)")
        }
        return registry
    }

    public var paper: [Entry] { strategies.filter { $0.stage == .paper } }
}
