@testable import ProdCore

extension StrategyCatalog {
    /// The standard strategies plus the scripted ones of the tests.
    static let testing = StrategyCatalog(
        types: StrategyCatalog.standard.types + [ChurnStrategy.self, EnterOnceStrategy.self, EnterOnceThenWhenFlat.self])
}

/// One strategy on one instrument, fed bars of its decision timeframe: the set-up most engine
/// tests need, with every engine and plan setting at hand.
struct SingleRun {
    var instrument = EngineTests.spot
    var timeframe = Timeframe.m1
    var cash = Money("10000")!
    var broker = BrokerConfig(fillTiming: .close)
    var limits = EngineTests.looseLimits
    var dataQualityGate = true
    var sizing = Sizing.fixed(Quantity("0.01")!)
    var exits = ExitRules()
    var risk = RiskRules()
    var execution = ExecutionPolicy()
    var governor = GovernorOverrides()

    var config: EngineConfig {
        EngineConfig(
            instruments: [instrument], baseTimeframe: timeframe, initialCash: cash, broker: broker, governance: limits,
            dataQualityGate: dataQualityGate, catalog: .testing)
    }

    func plan(_ type: any Strategy.Type, _ parameters: [String: Double] = [:]) -> Plan {
        let spec = try! StrategySpec(name: type.name, values: parameters, catalog: .testing)
        return Plan(
            source: "test", entries: [PlanEntry(strategy: spec, instrument: instrument.id, timeframe: timeframe)],
            sizing: sizing, exits: exits, risk: risk, execution: execution, governor: governor)
    }

    func engine(_ type: any Strategy.Type, _ parameters: [String: Double] = [:]) -> TradingEngine {
        try! TradingEngine(config: config, plan: plan(type, parameters))
    }

    func run(_ type: any Strategy.Type, _ parameters: [String: Double] = [:], _ bars: some Sequence<Bar>) -> RunResult {
        var engine = engine(type, parameters)
        for bar in bars { engine.process(.bar(0, bar)) }
        return engine.finish()
    }
}
