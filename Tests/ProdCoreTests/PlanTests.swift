import Testing

@testable import ProdCore

/// Plans change what runs between events; bad plans are refused with reasons; several strategies
/// and instruments share one account.
@Suite struct PlanTests {
    static let eth = Instrument(
        id: InstrumentID(symbol: "ETHUSDT", market: .spot), baseAsset: "ETH", quoteAsset: "USDT", tickSize: Price("0.01")!,
        stepSize: Quantity("0.0001")!, minNotional: Money("5")!, makerFee: Rate("0.001")!, takerFee: Rate("0.001")!)

    static func entry(_ type: any Strategy.Type, _ instrument: Instrument = EngineTests.spot, _ values: [String: Double] = [:]) -> PlanEntry {
        PlanEntry(strategy: try! StrategySpec(name: type.name, values: values, catalog: .testing), instrument: instrument.id, timeframe: .m1)
    }

    static func config(_ instruments: [Instrument] = [EngineTests.spot]) -> EngineConfig {
        EngineConfig(instruments: instruments, initialCash: Money("10000")!, broker: BrokerConfig(fillTiming: .close),
                     governance: EngineTests.looseLimits, catalog: .testing)
    }

    static func plan(_ entries: [PlanEntry], governor: GovernorOverrides = GovernorOverrides()) -> Plan {
        Plan(source: "test", entries: entries, sizing: .fixed(Quantity("1")!), governor: governor)
    }

    @Test func aBadPlanIsRefusedWithEveryReasonAndTheLastGoodPlanStays() throws {
        var engine = try TradingEngine(config: Self.config(), plan: Self.plan([Self.entry(ChurnStrategy.self)]))
        let eth = Self.entry(ChurnStrategy.self, Self.eth)
        let loose = GovernorOverrides(maxDailyLoss: Rate("0.995")!, maxLeverage: Rate("0.5")!)
        let bad = Self.plan([eth, Self.entry(ChurnStrategy.self), Self.entry(ChurnStrategy.self)], governor: loose)
        engine.process(.plan(bad, time: 0))
        #expect(engine.plan.source == "test" && engine.plan.entries.count == 1, "the last good plan stays")
        let event = try #require(engine.governorState.limits == EngineTests.looseLimits ? engine.finish().governorEvents.first : nil)
        #expect(event.kind == .planRejected)
        #expect(event.detail.contains("entries[0].instrument: ETHUSDT@spot is not in this run's universe"))
        #expect(event.detail.contains("entries[2]: test_churn@BTCUSDT:spot:1m is enabled twice"))
        #expect(event.detail.contains("governor.max_daily_loss 0.995 loosens the hard limit 0.99"))
        #expect(!event.detail.contains("max_leverage"), "tightening is allowed")
        #expect(throws: PlanRejection.self) {
            _ = try TradingEngine(config: Self.config(), plan: Self.plan([PlanEntry(
                strategy: try! StrategySpec(name: "funding_rev", values: [:]), instrument: EngineTests.spot.id, timeframe: .h1)]))
        }
    }

    @Test func aTighterPlanAppliesAtOnceAndADroppedStrategyDrainsThroughItsExits() throws {
        var engine = try TradingEngine(config: Self.config(), plan: Self.plan([Self.entry(EnterOnceThenWhenFlat.self)]))
        engine.process(.bar(0, OrderExecutionTests.flat(0, "100")))  // enters 1 at 100
        #expect(engine.currentPortfolio.positions[0] == Quantity("1"))
        var next = Self.plan([Self.entry(ChurnStrategy.self)], governor: GovernorOverrides(maxPositionNotional: Money("50")!))
        next.exits = ExitRules(stopLoss: Rate("0.02")!)
        engine.process(.plan(next, time: OrderExecutionTests.flat(1, "1").openTime))
        #expect(engine.governorState.limits.maxPositionNotional == Money("50"))
        engine.process(.bar(0, OrderExecutionTests.flat(1, "100")))  // churn wants 1 × 100 > 50: blocked
        engine.process(.bar(0, OrderExecutionTests.bar(2, open: "99", high: "99", low: "96", close: "97")))
        let result = engine.finish()
        #expect(result.governorEvents.first?.kind == .planApplied)
        #expect(result.rejections.allSatisfy { $0.reason == .governorPositionNotional })
        #expect(result.rejections.count == 2)
        // The drained position had no stop at entry: it stays open; the new plan's stop applies to new entries only.
        #expect(result.trades.isEmpty && result.portfolio.positions[0] == Quantity("1"))
    }

    @Test func aStrategyLeftOutOfThePlanStillExitsOnItsOwnSignal() throws {
        var engine = try TradingEngine(config: Self.config(), plan: Self.plan([Self.entry(ChurnStrategy.self)]))
        engine.process(.bar(0, OrderExecutionTests.flat(0, "100")))  // churn enters
        engine.process(.plan(Self.plan([Self.entry(EnterOnceStrategy.self)]), time: OrderExecutionTests.flat(1, "1").openTime))
        engine.process(.bar(0, OrderExecutionTests.flat(1, "101")))  // churn exits (draining); enter-once enters
        engine.process(.bar(0, OrderExecutionTests.flat(2, "102")))  // churn is gone: it would have re-entered
        let result = engine.finish()
        #expect(result.trades.map(\.strategy) == ["test_churn@BTCUSDT:spot:1m"])
        #expect(result.fills.filter { $0.intent == .entry }.map(\.strategy) == ["test_churn@BTCUSDT:spot:1m", "test_enter_once:short=0@BTCUSDT:spot:1m"])
    }

    @Test func severalStrategiesAndInstrumentsShareOneAccountDeterministically() throws {
        let march = EngineTests.march.prefix(3000)
        let ethMarch = try TestSupport.bars([try TestSupport.sampleFile(TestSupport.futuresETH, "ETHUSDT-1m-2023-03.zip")]).bars.prefix(3000)
        let eth = Instrument(
            id: InstrumentID(symbol: "ETHUSDT", market: .usdm), baseAsset: "ETH", quoteAsset: "USDT", tickSize: Price("0.01")!,
            stepSize: Quantity("0.001")!, minNotional: Money("5")!, makerFee: Rate("0.0002")!, takerFee: Rate("0.0004")!)
        let plan = Plan(
            source: "test",
            entries: [Self.entry(EMACross.self, EngineTests.spot, ["fast": 5, "slow": 12]),
                      Self.entry(EMACross.self, EngineTests.spot, ["fast": 8, "slow": 21]),
                      Self.entry(EMACross.self, eth, ["fast": 5, "slow": 12])],
            sizing: .fixed(Quantity("0.05")!))
        func run() throws -> RunResult {
            var engine = try TradingEngine(config: Self.config([EngineTests.spot, eth]), plan: plan)
            HistoricalFeed(bars: [Array(march), Array(ethMarch)]).forEach { engine.process($0) }
            return engine.finish()
        }
        let result = try run()
        #expect(try run().digest == result.digest)
        #expect(Set(result.trades.map(\.strategy)) == [
            "ema_cross:fast=5,slow=12@BTCUSDT:spot:1m", "ema_cross:fast=8,slow=21@BTCUSDT:spot:1m",
            "ema_cross:fast=5,slow=12@ETHUSDT:usdm:1m",
        ])
        // An entry alone makes the same trades: slots do not interfere while no shared limit binds.
        var alone = SingleRun()
        alone.sizing = .fixed(Quantity("0.05")!)
        let single = alone.run(EMACross.self, ["fast": 8, "slow": 21], march)
        let shared = result.trades.filter { $0.strategy == "ema_cross:fast=8,slow=21@BTCUSDT:spot:1m" }
        #expect(shared.map(\.entryTime) == single.trades.map(\.entryTime))
        #expect(shared.map(\.pnl) == single.trades.map(\.pnl))
        let cash = result.fills.reduce(Money("10000")!) { $1.side == .sell ? $0 + $1.notional - $1.fee : $0 - $1.notional - $1.fee }
        #expect(result.portfolio.cash == cash, "one cash for all slots, reconciled with every fill")
        var equity = result.portfolio.cash
        for index in 0..<2 { equity = equity + result.portfolio.positionValue(index) }
        #expect(result.finalEquity == equity)
    }
}
