import Testing

@testable import ProdCore

/// Limit orders, partial fills by bar volume, USDT-M shorts and the kill switch, on scripted bars
/// where every fill can be checked by hand.
@Suite struct OrderExecutionTests {
    static func bar(_ minute: Int64, open: String, high: String, low: String, close: String, volume: String = "10") -> Bar {
        var bar = RiskRuleTests.bar(minute, open: open, high: high, low: low, close: close)
        bar.volume = Quantity(volume)!
        return bar
    }

    static func flat(_ minute: Int64, _ price: String, volume: String = "10") -> Bar {
        bar(minute, open: price, high: price, low: price, close: price, volume: volume)
    }

    static let perpetual = Instrument(
        id: InstrumentID(symbol: "BTCUSDT", market: .usdm), baseAsset: "BTC", quoteAsset: "USDT", tickSize: Price("0.1")!,
        stepSize: Quantity("0.001")!, minNotional: Money("5")!, makerFee: Rate("0.0002")!, takerFee: Rate("0.0004")!)

    @Test func aLimitEntryFillsOnlyWhenABarTradesThroughItAtTheLimitAsMaker() {
        var run = SingleRun()
        run.sizing = .fixed(Quantity("1")!)
        run.execution = ExecutionPolicy(entryOrder: .limit(offset: Rate("0.01")!, timeoutBars: 5))
        // Decision at the close 100 → buy limit 99. Low 99 only touches it; low 98.9 trades through.
        let bars = [Self.flat(0, "100"), Self.bar(1, open: "100", high: "100", low: "99", close: "99.5"),
                    Self.bar(2, open: "99.5", high: "99.6", low: "98.9", close: "99.2")]
        let result = run.run(EnterOnceStrategy.self, [:], bars)
        let fill = try! #require(result.fills.first)
        #expect(fill.time == bars[2].openTime && fill.price == Price("99") && fill.isMaker)
        #expect(fill.fee == Money("0.099"), "maker fee of the instrument (10 bps in these tests)")
    }

    @Test func anUnfilledLimitIsCancelledAfterItsTimeout() {
        var run = SingleRun()
        run.sizing = .fixed(Quantity("1")!)
        run.execution = ExecutionPolicy(entryOrder: .limit(offset: Rate("0.01")!, timeoutBars: 2))
        let result = run.run(EnterOnceStrategy.self, [:], (0..<6).map { Self.flat($0, "100") })
        #expect(result.fills.isEmpty)
        #expect(result.rejections.map(\.reason) == [.limitExpired])
        #expect(result.rejections.first?.time == Self.flat(3, "1").openTime, "working on bars 1 and 2, cancelled at bar 3")
    }

    @Test func fillsAreCappedByTheirShareOfEachBarsVolume() {
        var run = SingleRun()
        run.sizing = .fixed(Quantity("3")!)
        run.broker = BrokerConfig(fillTiming: .nextOpen)
        run.execution = ExecutionPolicy(maxVolumeShare: Rate("0.1")!)
        // 10 % of 10, then of 5, then of 20: 1 + 0.5 + 1.5 = 3.
        let bars = [Self.flat(0, "100"), Self.flat(1, "101", volume: "10"), Self.flat(2, "102", volume: "5"),
                    Self.flat(3, "103", volume: "20"), Self.flat(4, "104", volume: "20")]
        let result = run.run(EnterOnceStrategy.self, [:], bars)
        #expect(result.fills.map(\.quantity) == ["1", "0.5", "1.5"].map { Quantity($0)! })
        #expect(result.fills.map(\.price) == ["101", "102", "103"].map { Price($0)! })
        #expect(Set(result.fills.map(\.orderId)).count == 1, "one order, three partial fills")
        #expect(result.portfolio.positions[0] == Quantity("3"))
    }

    @Test func aPartiallyFilledExitKeepsWorkingUntilFlatAndMakesOneTrade() {
        var run = SingleRun()
        run.sizing = .fixed(Quantity("2")!)
        run.execution = ExecutionPolicy(maxVolumeShare: Rate("0.5")!)
        // Churn: enter at the close of bar 0 (2 of 10 × 50 %), exit at the close of bar 1 with 2 ≤ 5: fills at once.
        // With volume 2 the exit can take only 1 per bar.
        let bars = [Self.flat(0, "100"), Self.flat(1, "101", volume: "2"), Self.flat(2, "102", volume: "2"),
                    Self.flat(3, "103", volume: "2")]
        let result = run.run(ChurnStrategy.self, [:], bars)
        let trade = try! #require(result.trades.first)
        #expect(trade.quantity == Quantity("2"))
        #expect(trade.exitTime == bars[2].openTime, "1 at the close of bar 1, the other 1 at the open of bar 2")
        #expect(trade.exitPrice == Price("101.5"), "volume-weighted: (101 + 102) / 2")
        #expect(result.fills.filter { $0.intent == .exit && $0.time <= trade.exitTime }.count == 2)
    }

    @Test func aUSDTMShortEarnsWhenPriceFallsAndReconcilesExactly() {
        var run = SingleRun()
        run.instrument = Self.perpetual
        run.sizing = .fixed(Quantity("0.5")!)
        run.exits = ExitRules(takeProfit: Rate("0.05")!)
        let bars = [Self.flat(0, "20000"), Self.bar(1, open: "19500", high: "19600", low: "18900", close: "19000")]
        let result = run.run(EnterOnceStrategy.self, ["short": 1], bars)
        let trade = try! #require(result.trades.first)
        #expect(trade.side == .sell && trade.exitReason == .takeProfit && trade.exitPrice == Price("19000"))
        // 0.5 × (20000 − 19000) = 500, fees 0.0004 × (10000 + 9500) = 7.8.
        #expect(trade.fees == Money("7.8") && trade.pnl == Money("492.2"))
        #expect(result.portfolio.cash == Money("10492.2") && result.finalEquity == Money("10492.2"))
    }

    @Test func shortsAreRefusedOnSpot() {
        let result = SingleRun().run(EnterOnceStrategy.self, ["short": 1], [Self.flat(0, "100"), Self.flat(1, "100")])
        #expect(result.fills.isEmpty)
        #expect(result.rejections.map(\.reason) == [.shortOnSpot])
    }

    @Test func theKillSwitchBlocksCancelsFlattensAndRecords() {
        var run = SingleRun()
        run.sizing = .fixed(Quantity("1")!)
        run.broker = BrokerConfig(fillTiming: .nextOpen)
        var engine = run.engine(EnterOnceThenWhenFlat.self)
        engine.process(.bar(0, Self.flat(0, "100")))
        engine.process(.bar(0, Self.flat(1, "101")))  // entry fills at 101
        engine.process(.control(.killSwitch(flatten: true), time: Self.flat(2, "1").openTime))
        engine.process(.bar(0, Self.flat(2, "102")))  // flattened at the open 102
        engine.process(.bar(0, Self.flat(3, "103")))  // the order placed at 2's close is blocked at this open
        engine.process(.control(.releaseKillSwitch, time: Self.flat(4, "1").openTime))
        engine.process(.bar(0, Self.flat(4, "104")))  // the order placed at 3's close fills
        let result = engine.finish()
        let trade = try! #require(result.trades.first)
        #expect(trade.exitReason == .killSwitch && trade.exitPrice == Price("102"))
        #expect(result.governorEvents.map(\.kind) == [.killSwitch, .killSwitchReleased])
        #expect(result.governorEvents[0].detail.contains("1 positions closing at the next open"))
        #expect(result.rejections.map(\.reason) == [.governorKillSwitch])
        #expect(result.rejections.first?.time == Self.flat(3, "1").openTime)
        #expect(result.fills.last?.time == Self.flat(4, "1").openTime && result.fills.last?.price == Price("104"),
                "entries resume after the release")
    }

    @Test func theKillSwitchWithoutFlattenKeepsPositionsAndTheirStops() {
        var run = SingleRun()
        run.sizing = .fixed(Quantity("1")!)
        run.exits = ExitRules(stopLoss: Rate("0.02")!)
        var engine = run.engine(EnterOnceStrategy.self)
        engine.process(.bar(0, Self.flat(0, "100")))
        engine.process(.control(.killSwitch(flatten: false), time: Self.flat(1, "1").openTime))
        engine.process(.bar(0, Self.bar(1, open: "99", high: "99", low: "97", close: "97.5")))
        let trade = try! #require(engine.finish().trades.first)
        #expect(trade.exitReason == .stopLoss && trade.exitPrice == Price("98"), "protective exits keep working")
    }

    @Test func theKillSwitchCancelsWorkingEntriesButNotAWorkingExit() {
        var run = SingleRun()
        run.sizing = .fixed(Quantity("1")!)
        run.broker = BrokerConfig(fillTiming: .nextOpen)
        var engine = run.engine(ChurnStrategy.self)
        engine.process(.bar(0, Self.flat(0, "100")))  // entry placed
        engine.process(.bar(0, Self.flat(1, "101")))  // entry fills at 101; exit placed at the close
        engine.process(.control(.killSwitch(flatten: false), time: Self.flat(2, "1").openTime))
        engine.process(.bar(0, Self.flat(2, "102")))  // the exit fills; the entry placed at this close is blocked later
        engine.process(.bar(0, Self.flat(3, "103")))
        let result = engine.finish()
        let trade = try! #require(result.trades.first)
        #expect(trade.exitReason == .signal && trade.exitTime == Self.flat(2, "1").openTime && trade.exitPrice == Price("102"))
        #expect(result.governorEvents.first?.detail.contains("0 working entries cancelled") == true)
        #expect(result.rejections.map(\.reason) == [.governorKillSwitch])
        #expect(result.portfolio.positions[0] == .zero)
    }

    @Test func leverageOpenPositionAndPerSlotNotionalCapsBlockEntriesWithTheirReasons() {
        var run = SingleRun()
        run.instrument = Self.perpetual
        run.sizing = .fixed(Quantity("1")!)
        run.governor = GovernorOverrides(maxLeverage: Rate("0.5")!)
        let bars = [Self.flat(0, "6000"), Self.flat(1, "6000")]
        #expect(run.run(EnterOnceStrategy.self, ["short": 1], bars).rejections.map(\.reason) == [.governorLeverage],
                "6000 of perpetual exposure > 0.5 × 10000 equity")
        run.governor = GovernorOverrides()
        run.risk = RiskRules(maxPositionNotional: Money("5000")!)
        #expect(run.run(EnterOnceStrategy.self, ["short": 1], bars).rejections.map(\.reason) == [.riskPositionNotional])

        var two = PlanTests.plan([PlanTests.entry(EnterOnceStrategy.self), PlanTests.entry(EnterOnceThenWhenFlat.self)])
        two.risk = RiskRules(maxOpenPositions: 1)
        var engine = try! TradingEngine(config: PlanTests.config(), plan: two)
        engine.process(.bar(0, Self.flat(0, "100")))
        let result = engine.finish()
        #expect(result.fills.count == 1 && result.rejections.map(\.reason) == [.riskMaxOpenPositions])
    }
}
