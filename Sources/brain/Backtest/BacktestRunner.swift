import ProdCore

/// Opens the engine for a strategy chosen by name, so the per-bar loop runs on a concrete,
/// specialized strategy type.
enum BacktestRunner {
    static func run(spec: StrategySpec, config: BacktestConfig, bars: [Bar]) throws -> BacktestResult {
        guard let type = StrategyCatalog.standard.strategy(named: spec.name) else {
            throw CLIError("unknown strategy \(spec.name)")
        }
        return run(type, spec: spec, config: config, bars: bars)
    }

    private static func run<S: Strategy>(_: S.Type, spec: StrategySpec, config: BacktestConfig, bars: [Bar]) -> BacktestResult {
        var engine = BacktestEngine(config: config, strategy: S(parameters: spec.parameters))
        for bar in bars { engine.process(bar) }
        return engine.finish()
    }
}
