import Testing

@testable import ProdCore

/// Enters whenever flat and exits on the next bar: a steady stream of entries for risk-rule tests.
struct ChurnStrategy: Strategy {
    static let name = "test_churn"
    static let parameters: [StrategyParameter] = []
    init(parameters: [String: Double]) {}
    var warmUpBars: Int { 3 }

    mutating func onBar(_ bar: Bar, position: Quantity) -> Signal? {
        position.raw == 0 ? Signal(action: .enter(.buy)) : Signal(action: .exit)
    }
}

/// Enters once, on the first bar — long, or short with `short=1` (USDT-M tests) — and never exits by itself.
struct EnterOnceStrategy: Strategy {
    static let name = "test_enter_once"
    static let parameters = [StrategyParameter("short", range: 0...1, default: 0)]
    private let side: OrderSide
    private var entered = false
    init(parameters: [String: Double]) { side = parameters["short"] == 1 ? .sell : .buy }
    var warmUpBars: Int { 1 }

    mutating func onBar(_ bar: Bar, position: Quantity) -> Signal? {
        defer { entered = true }
        return entered ? nil : Signal(action: .enter(side))
    }
}

/// Enters whenever flat, never exits by itself.
struct EnterOnceThenWhenFlat: Strategy {
    static let name = "test_enter_when_flat"
    static let parameters: [StrategyParameter] = []
    init(parameters: [String: Double]) {}
    var warmUpBars: Int { 1 }

    mutating func onBar(_ bar: Bar, position: Quantity) -> Signal? {
        position.raw == 0 ? Signal(action: .enter(.buy)) : nil
    }
}

@Suite struct RiskRuleTests {
    static func bar(_ minute: Int64, open: String, high: String, low: String, close: String) -> Bar {
        Bar(openTime: 1_677_628_800_000 + minute * 60_000, open: Price(open)!, high: Price(high)!, low: Price(low)!,
            close: Price(close)!, volume: Quantity("10")!, quoteVolume: Money("1000")!, tradeCount: 10,
            takerBuyBaseVolume: Quantity("5")!, takerBuyQuoteVolume: Money("500")!)
    }

    static func flat(_ minute: Int64, _ price: String) -> Bar { bar(minute, open: price, high: price, low: price, close: price) }

    static func config(limits: GovernanceLimits = EngineTests.looseLimits, exits: ExitRules = ExitRules(),
                       fill: FillTiming = .close, sizing: Sizing = .allIn) -> SingleRun {
        var run = SingleRun()
        run.limits = limits
        run.exits = exits
        run.broker = BrokerConfig(fillTiming: fill)
        run.sizing = sizing
        return run
    }

    @Test func dailyLossHaltsEntriesExactlyAtTheLimitUntilTheNextUTCDay() throws {
        // Price falls 0.1 % a minute from 23:00 UTC; fees and losses shrink equity bar by bar.
        let limits = GovernanceLimits(maxDailyLoss: Rate("0.01")!, maxGrossExposure: Rate("1")!, maxPositionNotional: Money("1000000")!)
        var engine = Self.config(limits: limits).engine(ChurnStrategy.self)
        let start: Int64 = 1_677_711_600_000 // 2023-03-01T23:00:00Z
        var price = 20_000.0
        var equityAtClose: [(time: Int64, equity: Money)] = []
        for minute in 0..<120 {
            let text = String(format: "%.2f", price)
            var bar = Self.flat(0, text)
            bar.openTime = start + Int64(minute) * 60_000
            engine.process(.bar(0, bar))
            equityAtClose.append((bar.openTime, engine.currentPortfolio.equity))
            price *= minute < 60 ? 0.999 : 1.0
        }
        let result = engine.finish()

        let halt = try #require(result.governorEvents.first { $0.kind == .dailyLossHalt })
        let firstBreach = try #require(equityAtClose.first { Money("10000")! - $0.equity >= Money("100")! })
        #expect(halt.time == firstBreach.time, "halt at the first close where the day loss reached 1 %")
        let entries = result.fills.filter { $0.intent == .entry }
        let nextDay: Int64 = 1_677_715_200_000 // 2023-03-02T00:00:00Z
        #expect(!entries.contains { $0.time > halt.time && $0.time < nextDay }, "no entry while halted")
        #expect(result.rejections.contains { $0.reason == .governorDailyLoss && $0.time > halt.time && $0.time < nextDay })
        #expect(entries.contains { $0.time == nextDay }, "entries resume on the first bar of the next UTC day")
        #expect(result.governorEvents.contains { $0.kind == .resumed && $0.time == nextDay })
        let exitsWhileHalted = result.fills.filter { $0.intent == .exit && $0.time > halt.time && $0.time < nextDay }
        #expect(exitsWhileHalted.count <= 1, "the position open at the halt is still closed")
    }

    @Test func stopLossExitsAtTheStopOrAtTheOpenWhenTheBarGapsThroughIt() {
        let exits = ExitRules(stopLoss: Rate("0.02")!)
        let touched = [Self.flat(0, "100"), Self.bar(1, open: "99", high: "99.5", low: "97.5", close: "98.5")]
        let gapped = [Self.flat(0, "100"), Self.bar(1, open: "97", high: "97.5", low: "96", close: "97")]
        for (bars, expected) in [(touched, "98"), (gapped, "97")] {
            var engine = Self.config(exits: exits, sizing: .fixed(Quantity("1")!)).engine(EnterOnceStrategy.self)
            bars.forEach { engine.process(.bar(0, $0)) }
            let trade = engine.finish().trades.first
            #expect(trade?.exitReason == .stopLoss)
            #expect(trade?.exitPrice == Price(expected))
        }
    }

    @Test func takeProfitExitsAtTheTargetAndTheStopWinsWhenBothAreTouched() {
        let exits = ExitRules(stopLoss: Rate("0.02")!, takeProfit: Rate("0.03")!)
        var engine = Self.config(exits: exits, sizing: .fixed(Quantity("1")!)).engine(EnterOnceStrategy.self)
        [Self.flat(0, "100"), Self.bar(1, open: "101", high: "103.5", low: "100.5", close: "103")].forEach { engine.process(.bar(0, $0)) }
        let trade = engine.finish().trades.first
        #expect(trade?.exitReason == .takeProfit)
        #expect(trade?.exitPrice == Price("103"))

        var both = Self.config(exits: exits, sizing: .fixed(Quantity("1")!)).engine(EnterOnceStrategy.self)
        [Self.flat(0, "100"), Self.bar(1, open: "100", high: "104", low: "97", close: "100")].forEach { both.process(.bar(0, $0)) }
        #expect(both.finish().trades.first?.exitReason == .stopLoss, "conservative: the stop is assumed first")
    }

    @Test func aGapPausesEntriesUntilTheStrategyIsWarmAgainButNotExits() throws {
        var engine = Self.config().engine(ChurnStrategy.self)
        // Enter at 00:00, exit 00:01, enter 00:02; 10 minutes missing; the position is still open at 00:13.
        let minutes: [Int64] = [0, 1, 2, 13, 14, 15, 16, 17, 18]
        for minute in minutes { engine.process(.bar(0, Self.flat(minute, "100"))) }
        let result = engine.finish()
        let pause = try #require(result.governorEvents.first { $0.kind == .dataGapPause })
        #expect(pause.time == Self.flat(13, "100").openTime)
        #expect(pause.detail.contains("10 bars missing"))
        let blocked = result.rejections.filter { $0.reason == .dataQualityPause }.map(\.time)
        #expect(!blocked.isEmpty)
        #expect(blocked == [Self.flat(14, "100").openTime, Self.flat(15, "100").openTime], "paused for 3 bars from the gap")
        #expect(result.fills.contains { $0.intent == .exit && $0.time == pause.time }, "the open position still exits")
        #expect(result.fills.contains { $0.intent == .entry && $0.time == Self.flat(16, "100").openTime })
    }

    @Test func exposureAndNotionalCapsBlockOversizedEntries() {
        let tight = GovernanceLimits(maxDailyLoss: Rate("0.5")!, maxGrossExposure: Rate("0.5")!, maxPositionNotional: Money("1000000")!)
        var engine = Self.config(limits: tight).engine(EnterOnceStrategy.self)
        engine.process(.bar(0, Self.flat(0, "100")))
        #expect(engine.finish().rejections.first?.reason == .governorGrossExposure)

        let small = GovernanceLimits(maxDailyLoss: Rate("0.5")!, maxGrossExposure: Rate("1")!, maxPositionNotional: Money("50")!)
        var capped = Self.config(limits: small, sizing: .fixed(Quantity("1")!)).engine(EnterOnceStrategy.self)
        capped.process(.bar(0, Self.flat(0, "100")))
        #expect(capped.finish().rejections.first?.reason == .governorPositionNotional)
    }

    @Test func aStopLossStartsACooldownOfNBarsAfterTheStopBar() {
        var config = Self.config(exits: ExitRules(stopLoss: Rate("0.02")!), sizing: .fixed(Quantity("1")!))
        config.risk = RiskRules(cooldownBarsAfterStop: 2)
        var engine = config.engine(EnterOnceThenWhenFlat.self)
        let bars = [Self.flat(0, "100"), Self.bar(1, open: "99", high: "99", low: "97", close: "98")]
            + (2...5).map { Self.flat(Int64($0), "98") }
        bars.forEach { engine.process(.bar(0, $0)) }
        let result = engine.finish()
        #expect(result.trades.first?.exitReason == .stopLoss)
        #expect(result.rejections.map(\.reason) == [.riskCooldown, .riskCooldown, .riskCooldown])
        #expect(result.rejections.map(\.time) == [1, 2, 3].map { Self.flat($0, "1").openTime }, "the stop bar and 2 more")
        #expect(result.fills.last?.time == Self.flat(4, "1").openTime, "entries resume after the cooldown")
    }

    @Test func entriesPerRollingHourAreCapped() {
        var config = Self.config(sizing: .fixed(Quantity("1")!))
        config.risk = RiskRules(maxEntriesPerHour: 2)
        var engine = config.engine(ChurnStrategy.self)
        (0..<64).forEach { engine.process(.bar(0, Self.flat(Int64($0), "100"))) }
        let entries = engine.finish().fills.filter { $0.intent == .entry }.map { ($0.time - Self.flat(0, "1").openTime) / 60_000 }
        #expect(entries == [0, 2, 60, 62], "two entries, then none until the first one is an hour old")
    }

    @Test func riskSizingLosesThePercentAtTheStopAndNeverExceedsTheCash() {
        let sizing = try! Sizing(parsing: "risk:1")
        let quantity = sizing.quantity(EngineTests.sizingInputs(price: "100", step: "0.001", stop: Rate("0.02")!))
        #expect(quantity == Quantity("50"), "100 at risk / 2 per unit")
        let capped = try! Sizing(parsing: "risk:10").quantity(EngineTests.sizingInputs(price: "100", step: "0.001", stop: Rate("0.005")!))
        #expect(capped == Quantity("99.9"), "all the cash buys, fees included")
        #expect(sizing.quantity(EngineTests.sizingInputs(price: "1", fee: "0", step: "1")) == nil, "no stop, no risk sizing")
        #expect(throws: SizingError.self) { try Sizing(parsing: "risk:0") }
        #expect(throws: SizingError.self) { try Sizing(parsing: "risk:150") }
    }

    @Test func bundledGovernanceFileLoadsAndBadValuesNameTheirField() throws {
        let limits = try GovernanceLimits.load(from: TestSupport.path("configs/governance.yaml"))
        #expect(limits.maxDailyLoss == Rate("0.03"))
        #expect(limits.maxGrossExposure == Rate("1"))
        let bad = "max_daily_loss_pct: \"150\"\nmax_gross_exposure_pct: \"100\"\nmax_position_notional: \"5\"\nmax_leverage: \"1\"\n"
        #expect(throws: ConfigError(file: "g.yaml", field: "max_daily_loss_pct",
                                    reason: "expected a percentage in (0, 99] with at most 6 decimals, got '150'")) {
            try GovernanceLimits.parse(bad, file: "g.yaml")
        }
    }
}
