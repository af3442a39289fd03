import Testing

@testable import ProdCore

@Suite struct EngineTests {
    static let spot = Instrument(
        id: InstrumentID(symbol: "BTCUSDT", market: .spot), baseAsset: "BTC", quoteAsset: "USDT",
        tickSize: Price("0.01")!, stepSize: Quantity("0.00001")!, minNotional: Money("5")!,
        makerFee: Rate("0.001")!, takerFee: Rate("0.001")!)

    /// Limits no test here reaches, so that only the rule under test acts.
    static let looseLimits = GovernanceLimits(
        maxDailyLoss: Rate("0.99")!, maxGrossExposure: Rate("10")!, maxPositionNotional: Money("100000000")!)

    static let march: [Bar] = {
        let file = try! TestSupport.sampleFile(TestSupport.spotBTC, "BTCUSDT-1m-2023-03.zip")
        return try! TestSupport.bars([file]).bars
    }()

    static func config(fill: FillTiming = .close, sizing: Sizing = .fixed(Quantity("0.01")!), slippage: Int64 = 0) -> SingleRun {
        var run = SingleRun()
        run.broker = BrokerConfig(fillTiming: fill, slippage: SlippageModel(fixedBasisPoints: slippage))
        run.sizing = sizing
        return run
    }

    static func run(_ bars: ArraySlice<Bar>, _ config: SingleRun, fast: Int = 5, slow: Int = 12) -> RunResult {
        config.run(EMACross.self, ["fast": Double(fast), "slow": Double(slow)], bars)
    }

    /// Independent oracle: textbook SMA-seeded EMAs and the crossing rule, written without the engine.
    static func expectedCrossings(_ bars: ArraySlice<Bar>, fast: Int, slow: Int) -> [(entry: Int64, exit: Int64?)] {
        func ema(_ period: Int) -> [Double?] {
            let closes = bars.map(\.close.doubleValue)
            var out = [Double?](repeating: nil, count: closes.count)
            guard closes.count >= period else { return out }
            var value = closes[0..<period].reduce(0, +) / Double(period)
            out[period - 1] = value
            let k = 2.0 / Double(period + 1)
            for i in period..<closes.count {
                value = (closes[i] - value) * k + value
                out[i] = value
            }
            return out
        }
        let f = ema(fast), s = ema(slow), times = bars.map(\.openTime)
        var trades: [(entry: Int64, exit: Int64?)] = []
        for i in 1..<times.count {
            guard let f0 = f[i - 1], let s0 = s[i - 1], let f1 = f[i], let s1 = s[i] else { continue }
            let open = trades.last.map { $0.exit == nil } ?? false
            if !open && f1 > s1 && f0 <= s0 { trades.append((times[i], nil)) }
            if open && f1 < s1 && f0 >= s0 { trades[trades.count - 1].exit = times[i] }
        }
        return trades
    }

    @Test func emaCrossTradesAreTheCrossingsOfAnIndependentComputation() {
        let bars = Self.march.prefix(3000)
        let result = Self.run(bars, Self.config())
        let expected = Self.expectedCrossings(bars, fast: 5, slow: 12)
        #expect(result.trades.count == expected.filter { $0.exit != nil }.count)
        #expect(result.trades.map(\.entryTime) == expected.compactMap { $0.exit == nil ? nil : $0.entry })
        #expect(result.trades.map(\.exitTime) == expected.compactMap(\.exit))
        #expect(result.trades.count > 50)
    }

    @Test func handCheckedFirstTradeOfMarch() {
        // EMA(5) − EMA(12) on 2023-03-01, checked by hand from the closes: −1.529 at 00:13, +0.691 at
        // 00:14 (cross up, close 23159.91); +2.615 at 00:28, −0.801 at 00:29 (cross down, close 23170.13).
        let result = Self.run(Self.march.prefix(60), Self.config())
        let first = try! #require(result.trades.first)
        #expect(UTCTimestamp.iso8601(first.entryTime) == "2023-03-01T00:14:00Z")
        #expect(UTCTimestamp.iso8601(first.exitTime) == "2023-03-01T00:29:00Z")
        #expect(first.entryPrice == Price("23159.91"))
        #expect(first.exitPrice == Price("23170.13"))
        // 0.01 × (23170.13 − 23159.91) = 0.1022, minus fees 0.2315991 + 0.2317013.
        #expect(first.fees == Money("0.4633004"))
        #expect(first.pnl == Money("-0.3611004"))
    }

    @Test func nextOpenFillsAtTheFollowingBarsOpen() {
        let bars = Self.march.prefix(600)
        let atClose = Self.run(bars, Self.config(fill: .close))
        let atOpen = Self.run(bars, Self.config(fill: .nextOpen))
        #expect(atOpen.fills.count == atClose.fills.count)
        for (late, early) in zip(atOpen.fills, atClose.fills) {
            let index = bars.firstIndex { $0.openTime == early.time }!
            let next = bars[index + 1]
            #expect(late.time == next.openTime)
            #expect(late.price == next.open)
        }
        #expect(atOpen.digest != atClose.digest)
    }

    static func context(cash: String = "10000", position: String = "0", volume: String = "100") -> FillContext {
        FillContext(barVolume: Quantity(volume)!, lastRange: 0, cash: Money(cash)!, position: Quantity(position)!)
    }

    static func order(_ id: Int64 = 1, _ side: OrderSide = .buy, limit: Price? = nil) -> Order {
        Order(id: id, instrument: spot.id, side: side, intent: side == .buy ? .entry : .exit, limitPrice: limit,
              createdAt: 0, strategy: "test")
    }

    @Test func feesAreExactAndRoundedUp() {
        let broker = PaperBroker(config: BrokerConfig(fillTiming: .close), instrument: Self.spot)
        let fill = try! broker.execute(Self.order(), quantity: Quantity("0.01")!, reference: Price("23141.57")!, time: 0,
                                       context: Self.context()).get()
        #expect(fill.notional == Money("231.4157"))
        #expect(fill.fee == Money("0.2314157"))
        let oddFill = try! broker.execute(Self.order(2), quantity: Quantity("0.00123")!, reference: Price("23141.57")!, time: 0,
                                          context: Self.context()).get()
        #expect(oddFill.notional == Money("28.4641311"))
        #expect(oddFill.fee == Money("0.02846414"), "0.0284641311 rounded up")
    }

    @Test func limitFillsPayTheMakerFeeAtTheirLimitWithoutSlippage() {
        let instrument = Instrument(
            id: Self.spot.id, baseAsset: "BTC", quoteAsset: "USDT", tickSize: Price("0.01")!, stepSize: Quantity("0.00001")!,
            minNotional: Money("5")!, makerFee: Rate("0.0002")!, takerFee: Rate("0.0004")!)
        let broker = PaperBroker(
            config: BrokerConfig(slippage: SlippageModel(fixedBasisPoints: 10)), instrument: instrument)
        let limit = try! broker.execute(Self.order(limit: Price("100")!), quantity: Quantity("1")!, reference: Price("90")!,
                                        time: 0, context: Self.context()).get()
        #expect(limit.price == Price("100") && limit.isMaker)
        #expect(limit.fee == Money("0.02"), "maker 2 bps of 100")
        let market = try! broker.execute(Self.order(), quantity: Quantity("1")!, reference: Price("100")!, time: 0,
                                         context: Self.context()).get()
        #expect(market.price == Price("100.1") && !market.isMaker)
        #expect(market.fee == Money("0.04004"), "taker 4 bps of 100.1")
    }

    @Test func slippageMovesThePriceAgainstTheOrderOnTheTickGrid() {
        let fixed = SlippageModel(fixedBasisPoints: 5)
        let tick = Price("0.01")!
        #expect(fixed.slipped(Price("23141.57")!, .buy, volumeShare: 0, lastRange: 0, tick: tick) == Price("23153.15"),
                "23141.57 × 1.0005 = 23153.140785, up")
        #expect(fixed.slipped(Price("23141.57")!, .sell, volumeShare: 0, lastRange: 0, tick: tick) == Price("23129.99"),
                "× 0.9995 = 23129.999215, down")
        // 2 bps fixed + 10 bps × 50 % of the volume + 0.1 × a 1 % range = 2 + 5 + 10 = 17 bps.
        let model = SlippageModel(fixedBasisPoints: 2, impactBasisPoints: 10, volatilityShare: 0.1)
        #expect(model.slipped(Price("100")!, .buy, volumeShare: 0.5, lastRange: 0.01, tick: tick) == Price("100.17"))
        #expect(model.slipped(Price("100")!, .sell, volumeShare: 0.5, lastRange: 0.01, tick: tick) == Price("99.83"))
        #expect(model.slipped(Price("100")!, .buy, volumeShare: 3, lastRange: 0, tick: tick) == Price("100.12"),
                "the size part stops growing at the whole bar's volume")
    }

    @Test(arguments: [
        ("0.0001", "10000", OrderSide.buy, RejectReason.belowMinNotional),
        ("1", "100", .buy, .insufficientCash),
        ("0.000015", "10000", .buy, .offStepQuantity),
        ("0", "10000", .buy, .zeroQuantity),
        ("0.5", "10000", .sell, .insufficientPosition),
    ])
    func brokerRejectsWithAReasonCode(quantity: String, cash: String, side: OrderSide, reason: RejectReason) {
        let broker = PaperBroker(config: BrokerConfig(fillTiming: .close), instrument: Self.spot)
        let result = broker.execute(Self.order(7, side), quantity: Quantity(quantity)!, reference: Price("23141.57")!, time: 42,
                                    context: Self.context(cash: cash, position: "0.1"))
        #expect(throws: OrderRejection.self) { try result.get() }
        if case .failure(let rejection) = result {
            #expect(rejection.reason == reason)
            #expect(rejection.orderId == 7 && rejection.time == 42)
        }
    }

    static func sizingInputs(cash: String = "10000", price: String = "23141.57", fee: String = "0.001", step: String = "0.00001",
                             stop: Rate? = nil, atr: Double = .nan, confidence: Double = 0.5, spot: Bool = true) -> Sizing.Inputs {
        Sizing.Inputs(cash: Money(cash)!, equity: Money(cash)!, price: Price(price)!, feeRate: Rate(fee)!, step: Quantity(step)!,
                      isSpot: spot, stop: stop, atr: atr, confidence: confidence)
    }

    @Test func allInNeverSpendsMoreThanTheCash() {
        let quantity = Sizing.allIn.quantity(Self.sizingInputs())!
        let notional = Money.notional(quantity, Price("23141.57")!, .nearest)
        #expect(quantity == Quantity("0.43169"))
        #expect(notional + notional.times(Rate("0.001")!, .up) <= Money("10000")!)
        let more = quantity + Quantity("0.00001")!
        let moreNotional = Money.notional(more, Price("23141.57")!, .nearest)
        #expect(moreNotional + moreNotional.times(Rate("0.001")!, .up) > Money("10000")!, "one step more would not fit")
    }

    @Test func atrAndCappedKellySizing() throws {
        // 1 % of 10000 = 100 at risk over 2 × ATR 5 = 10 per unit → 10 units.
        let atr = try Sizing(parsing: "atr:1")
        #expect(atr.quantity(Self.sizingInputs(price: "100", fee: "0", step: "0.001", atr: 5)) == Quantity("10"))
        #expect(atr.quantity(Self.sizingInputs(price: "100", atr: .nan)) == nil, "no ATR yet, no size")
        // 10 % of equity × (0.7 − 0.5) × 4 = 8 % → 800 / 100 = 8 units; confidence 1 → capped at 1 × 10 %.
        let kelly = try Sizing(parsing: "kelly")
        #expect(kelly.quantity(Self.sizingInputs(price: "100", fee: "0", step: "0.001", confidence: 0.7)) == Quantity("8"))
        #expect(kelly.quantity(Self.sizingInputs(price: "100", fee: "0", step: "0.001", confidence: 1)) == Quantity("10"))
        #expect(kelly.quantity(Self.sizingInputs(price: "100", fee: "0", step: "0.001", confidence: 0.5)) == .zero)
        let bolder = try Sizing(parsing: "kelly:10:1.5")
        #expect(bolder.quantity(Self.sizingInputs(price: "100", fee: "0", step: "0.001", confidence: 1)) == Quantity("15"))
        #expect(bolder.description == "kelly:10:1.5")
        for bad in ["kelly:0", "atr", "atr:1:0", "kelly:10:x", "fixed:-1"] {
            #expect(throws: SizingError.self) { try Sizing(parsing: bad) }
        }
    }

    @Test func portfolioInvariantsHoldAtEveryBar() {
        var engine = Self.config(fill: .nextOpen, sizing: .allIn, slippage: 3).engine(EMACross.self, ["fast": 5, "slow": 12])
        for bar in Self.march.prefix(5000) {
            engine.process(.bar(0, bar))
            let portfolio = engine.currentPortfolio
            #expect(portfolio.marks[0] == bar.close)
            #expect(portfolio.equity == portfolio.cash + portfolio.positionValue(0))
            #expect(portfolio.cash.raw >= 0, "no negative spot cash")
            #expect(portfolio.positions[0].raw >= 0, "no negative spot balance")
        }
        let fills = engine.fillsSoFar
        let portfolio = engine.currentPortfolio
        let bought = fills.filter { $0.side == .buy }.reduce(Money.zero) { $0 + $1.notional }
        let sold = fills.filter { $0.side == .sell }.reduce(Money.zero) { $0 + $1.notional }
        let fees = fills.reduce(Money.zero) { $0 + $1.fee }
        #expect(portfolio.cash == Money("10000")! - bought + sold - fees, "cash reconciles with fills and fees")
        #expect(portfolio.feesPaid == fees)
        let held = fills.reduce(Quantity.zero) { $0 + ($1.side == .buy ? $1.quantity : -$1.quantity) }
        #expect(portfolio.positions[0] == held)
        #expect(fills.count > 100)
    }

    @Test func tradesPnLSumsToTheChangeInCashWhenFlat() {
        let result = Self.run(Self.march.prefix(4000), Self.config(sizing: .allIn))
        let pnl = result.trades.reduce(Money.zero) { $0 + $1.pnl }
        if result.portfolio.positions[0].raw == 0 {
            #expect(result.portfolio.cash - result.initialCash == pnl)
        } else {
            let lastEntry = result.fills.last!
            #expect(result.portfolio.cash - result.initialCash + lastEntry.notional + lastEntry.fee == pnl)
        }
    }

    @Test func digestIsStableAndSensitive() {
        let bars = Self.march.prefix(2000)
        let first = Self.run(bars, Self.config())
        let second = Self.run(bars, Self.config())
        #expect(first.digest == second.digest)
        #expect(first.digest.count == 64)
        #expect(Self.run(bars, Self.config(), fast: 6).digest != first.digest)
        #expect(Self.run(bars.dropLast(), Self.config()).digest != first.digest)
    }

    @Test func strategySpecsAreValidatedAgainstTheirDeclaration() throws {
        #expect(try StrategySpec(parsing: "ema_cross").parameters == ["fast": 20, "slow": 50])
        #expect(try StrategySpec(parsing: "ema_cross:fast=10,slow=30").description == "ema_cross:fast=10,slow=30")
        for bad in ["ema", "ema_cross:fast=50,slow=20", "ema_cross:fast=1", "ema_cross:speed=3", "ema_cross:fast=nan", "ema_cross:fast"] {
            #expect(throws: StrategySpecError.self) { try StrategySpec(parsing: bad) }
        }
    }
}
