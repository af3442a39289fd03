@testable import ProdCore

/// A small replay that exercises every piece of engine state a snapshot must carry: spot and
/// USDT-M BTCUSDT, March 2023 (it has the real 81-minute outage), four strategies on three
/// decision timeframes, estimated funding, resting limit entries, partial fills, stops, targets,
/// a trailing stop, a cooldown, a plan change that drops an entry, and a kill switch with release.
enum ReplayScenario {
    static let config = EngineConfig(
        instruments: [EngineTests.spot, OrderExecutionTests.perpetual], baseTimeframe: .m1, initialCash: Money("10000")!,
        broker: BrokerConfig(fillTiming: .nextOpen), governance: EngineTests.looseLimits)

    static func entry(_ spec: String, _ instrument: Instrument, _ timeframe: Timeframe) -> PlanEntry {
        PlanEntry(strategy: try! StrategySpec(parsing: spec), instrument: instrument.id, timeframe: timeframe)
    }

    static let plan = Plan(
        source: "test", entries: [
            entry("ema_cross:fast=10,slow=30", EngineTests.spot, .m5),
            entry("range_rev_5m", EngineTests.spot, .m5),
            entry("breakout_4h", OrderExecutionTests.perpetual, .h4),
            entry("funding_rev:entry_bps=1.5,exit_bps=0.5", OrderExecutionTests.perpetual, .h1),
        ],
        sizing: .risk(Rate("0.01")!),
        exits: ExitRules(
            stopLoss: Rate("0.01")!, takeProfit: Rate("0.02")!, trailing: TrailingStop(period: 14, multiple: 3)),
        risk: RiskRules(cooldownBarsAfterStop: 3, maxEntriesPerHour: 2),
        execution: ExecutionPolicy(entryOrder: .limit(offset: Rate("0.0005")!, timeoutBars: 5), maxVolumeShare: Rate("0.1")!))

    /// The same plan without the EMA entry, which then drains.
    static var laterPlan: Plan {
        var plan = plan
        plan.source = "test-change"
        plan.entries.removeFirst()
        return plan
    }

    static let inputs: [EngineInput] = {
        let spot = try! TestSupport.bars([try TestSupport.sampleFile(TestSupport.spotBTC, "BTCUSDT-1m-2023-03.zip")]).bars
        let perpetual = try! TestSupport.bars([try TestSupport.sampleFile(TestSupport.futuresBTC, "BTCUSDT-1m-2023-03.zip")]).bars
        let rates = FundingRateEstimator.rates(
            perpetual: perpetual.map { TimedPrice(time: $0.openTime, price: $0.close) },
            spot: spot.map { TimedPrice(time: $0.openTime, price: $0.close) })
        let killAt = UTCTimestamp.parseISO8601("2023-03-20T00:00:00Z")!
        let feed = HistoricalFeed(
            bars: [spot, perpetual], funding: [[], rates],
            scheduled: [.control(.killSwitch(flatten: true), time: killAt), .control(.releaseKillSwitch, time: killAt + 6 * 3_600_000)])
        var inputs: [EngineInput] = []
        feed.forEach { inputs.append($0) }
        let changeAt = UTCTimestamp.parseISO8601("2023-03-10T12:00:00Z")!
        let index = inputs.firstIndex { $0.time >= changeAt }!
        inputs.insert(.plan(laterPlan, time: changeAt), at: index)
        return inputs
    }()

    static func engine() -> TradingEngine {
        try! TradingEngine(config: config, plan: plan)
    }
}
