import Testing

@testable import ProdCore

/// USDT-M funding: the estimate from the premium, Vision funding files, settlement on positions,
/// and the funding_rev strategy on real data.
@Suite struct FundingTests {
    static let start: Int64 = 1_677_628_800_000  // 2023-03-01T00:00:00Z, a funding time

    static func minute(_ index: Int64, _ price: String) -> TimedPrice {
        TimedPrice(time: start + index * 60_000, price: Price(price)!)
    }

    @Test func theEstimateFollowsBinancesFormulaWithTimeWeightedPremiums() throws {
        // Perp 0.1 % over spot in the first minute of the interval, 0.2 % in the second: weights 1 and 2.
        var estimator = FundingRateEstimator()
        let first = estimator.observe(time: Self.start, perpetualClose: Price("100.1")!, spotClose: Price("100")!)
        let second = estimator.observe(time: Self.start + 60_000, perpetualClose: Price("100.2")!, spotClose: Price("100")!)
        #expect(first == nil && second == nil)
        let next = estimator.observe(time: Self.start + FundingRateEstimator.interval, perpetualClose: Price("100")!, spotClose: Price("100")!)
        let settled = try #require(next)
        // P = (1 × 0.001 + 2 × 0.002) / 3 = 0.00166667; clamp(0.0001 − P, ±0.0005) = −0.0005 → F = 0.00116667.
        #expect(settled.time == Self.start + FundingRateEstimator.interval)
        #expect(settled.rate == Rate("0.00116667"))
        // A premium inside the clamp band gives exactly the interest rate.
        let flat = FundingRateEstimator.rates(
            perpetual: (0..<480).map { Self.minute($0, "100.02") }, spot: (0..<480).map { Self.minute($0, "100") })
        #expect(flat == [FundingRateEvent(time: Self.start + FundingRateEstimator.interval, rate: Rate("0.0001")!)])
        #expect(FundingRateEstimator.rates(perpetual: (0..<479).map { Self.minute($0, "1") }, spot: (0..<479).map { Self.minute($0, "1") }).isEmpty,
                "an interval the data does not complete is not settled")
        #expect(FundingRateEstimator.nextFundingTime(atOrAfter: Self.start + 1) == Self.start + FundingRateEstimator.interval)
    }

    @Test func visionFundingFilesParseAndBadRowsNameTheirLineAndField() throws {
        let text = "calc_time,funding_interval_hours,last_funding_rate\n1677628800000,8,0.00010000\n1677657600000,8,-0.00012345\n"
        let events = try FundingRateFile.parse(text, file: "f.csv")
        #expect(events.map(\.rate) == [Rate("0.0001")!, Rate("-0.00012345")!])
        let bad: [(String, String)] = [
            ("1677628800000,8\n", "row"), ("x,8,0.0001\n", "calc_time"), ("1677628800000,8,abc\n", "last_funding_rate"),
            ("1677628800000,8,0.5\n", "last_funding_rate"), ("1677628800000,8,0.001\n1677628800000,8,0.001\n", "calc_time"),
        ]
        for (body, field) in bad {
            #expect(throws: DataError.self) { try FundingRateFile.parse(body, file: "f.csv") }
            do { _ = try FundingRateFile.parse(body, file: "f.csv") } catch {
                guard case .malformedRow(let problem) = error else { Issue.record("\(error)"); continue }
                #expect(problem.field == field && problem.file == "f.csv")
            }
        }
        // Fuzz: random bytes never crash the parser; they parse or fail with a located error.
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789,.-\nabc ")
        for _ in 0..<2000 {
            let garbage = String((0..<Int.random(in: 0..<60, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            _ = try? FundingRateFile.parse(garbage, file: "fuzz.csv")
        }
    }

    @Test func fundingIsPaidByLongsAndReceivedByShortsAtTheMark() throws {
        var run = SingleRun()
        run.instrument = OrderExecutionTests.perpetual
        run.sizing = .fixed(Quantity("0.5")!)
        var engine = run.engine(EnterOnceStrategy.self, ["short": 1])
        engine.process(.bar(0, OrderExecutionTests.flat(0, "20000")))  // short 0.5 at 20000, fee 4
        engine.process(.bar(0, OrderExecutionTests.flat(1, "20100")))
        engine.process(.fundingRate(0, time: OrderExecutionTests.flat(2, "1").openTime, rate: Rate("0.0001")!))
        engine.process(.bar(0, OrderExecutionTests.flat(2, "20100")))
        let result = engine.finish()
        // Value −0.5 × 20100 = −10050 × 0.0001 = −1.005: received.
        let payment = try #require(result.fundingPayments.first)
        #expect(payment.amount == Money("-1.005") && payment.position == Quantity("-0.5"))
        #expect(result.portfolio.fundingPaid == Money("-1.005"))
        #expect(result.portfolio.cash == Money("10000")! + Money("10000")! - Money("4")! + Money("1.005")!)
        #expect(result.finalEquity == result.portfolio.cash + result.portfolio.positionValue(0))
    }

    @Test func fundingRevOnRealDataTradesAgainstExtremeEstimatedRates() throws {
        let perpetual = try TestSupport.bars(try ["BTCUSDT-1m-2023-02.zip", "BTCUSDT-1m-2023-03.zip"].map {
            try TestSupport.sampleFile(TestSupport.futuresBTC, $0)
        }).bars
        let spot = StrategyRuleTests.minutes
        let rates = FundingRateEstimator.rates(
            perpetual: perpetual.map { TimedPrice(time: $0.openTime, price: $0.close) },
            spot: spot.map { TimedPrice(time: $0.openTime, price: $0.close) })
        #expect(rates.count >= 3 * 58, "three rates a day over two months")
        var run = SingleRun()
        run.instrument = OrderExecutionTests.perpetual
        run.timeframe = .h1
        run.sizing = .fixed(Quantity("0.01")!)
        var hourly: [Bar] = []
        var aggregator = BarAggregator(timeframe: .h1)
        for bar in perpetual { aggregator.add(bar) { hourly.append($0.bar) } }
        var engine = run.engine(FundingReversion.self, ["entry_bps": 1.5, "exit_bps": 0.5])
        HistoricalFeed(bars: [hourly], funding: [rates]).forEach { engine.process($0) }
        let result = engine.finish()
        #expect(!result.trades.isEmpty)
        #expect(result.trades.contains { $0.side == .sell } || result.trades.contains { $0.side == .buy })
        for trade in result.trades {
            // The rate the entry acted on: the last one settled at or before the entry bar's open.
            let rate = try #require(rates.last { $0.time <= trade.entryTime })
            #expect(abs(rate.rate.doubleValue) >= 0.00015, "entry at \(UTCTimestamp.iso8601(trade.entryTime))")
            #expect(trade.side == (rate.rate.raw > 0 ? .sell : .buy), "against the crowded side")
        }
        #expect(result.fundingPayments.count > 0)
        let paid = result.fundingPayments.reduce(Money.zero) { $0 + $1.amount }
        let inTrades = result.trades.reduce(Money.zero) { $0 + $1.funding }
        let open = result.portfolio.positions[0].raw != 0
        #expect(open || paid == inTrades, "every payment belongs to a trade")
    }

    @Test func theFeedOrdersControlsThenFundingThenBarsAtEqualTimes() {
        let bar = OrderExecutionTests.flat(0, "100")
        let feed = HistoricalFeed(
            bars: [[bar], [bar]], funding: [[], [FundingRateEvent(time: bar.openTime, rate: .zero)]],
            scheduled: [.control(.releaseKillSwitch, time: bar.openTime)])
        var order: [String] = []
        feed.forEach { input in
            switch input {
            case .control: order.append("control")
            case .fundingRate(let instrument, _, _): order.append("funding\(instrument)")
            case .bar(let instrument, _): order.append("bar\(instrument)")
            case .plan: order.append("plan")
            }
        }
        #expect(order == ["control", "funding1", "bar0", "bar1"])
    }

    @Test func aBadBarIsDroppedAndPausesEntriesLikeAGap() throws {
        var broken = OrderExecutionTests.flat(1, "100")
        broken.high = Price("90")!
        var run = SingleRun()
        run.sizing = .fixed(Quantity("1")!)
        let result = run.run(ChurnStrategy.self, [:], [OrderExecutionTests.flat(0, "100"), broken] + (2...6).map { OrderExecutionTests.flat($0, "100") })
        let pause = try #require(result.governorEvents.first)
        #expect(pause.kind == .badBarPause && pause.detail.contains("high 90 < low 100"))
        #expect(!result.fills.contains { $0.time == broken.openTime }, "nothing trades on a dropped bar")
        #expect(result.rejections.contains { $0.reason == .dataQualityPause })
    }
}
