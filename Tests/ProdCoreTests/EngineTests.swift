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

    static func config(fill: FillTiming = .close, sizing: Sizing = .fixed(Quantity("0.01")!), slippage: Int64 = 0) -> BacktestConfig {
        BacktestConfig(
            instrument: spot, initialCash: Money("10000")!,
            broker: BrokerConfig(fillTiming: fill, slippageBasisPoints: slippage), sizing: sizing,
            governance: looseLimits)
    }

    static func run(_ bars: ArraySlice<Bar>, _ config: BacktestConfig, fast: Int = 5, slow: Int = 12) -> BacktestResult {
        var engine = BacktestEngine(config: config, strategy: EMACross(parameters: ["fast": Double(fast), "slow": Double(slow)]))
        for bar in bars { engine.process(bar) }
        return engine.finish()
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

    @Test func feesAreExactAndRoundedUp() {
        let broker = PaperBroker(config: BrokerConfig(fillTiming: .close), instrument: Self.spot)
        let order = Order(id: 1, instrument: Self.spot.id, side: .buy, quantity: Quantity("0.01")!, intent: .entry,
                          createdAt: 0, strategy: "test")
        let fill = try! broker.execute(order, reference: Price("23141.57")!, time: 0, cash: Money("10000")!).get()
        #expect(fill.notional == Money("231.4157"))
        #expect(fill.fee == Money("0.2314157"))
        let odd = Order(id: 2, instrument: Self.spot.id, side: .buy, quantity: Quantity("0.00123")!, intent: .entry,
                        createdAt: 0, strategy: "test")
        let oddFill = try! broker.execute(odd, reference: Price("23141.57")!, time: 0, cash: Money("10000")!).get()
        #expect(oddFill.notional == Money("28.4641311"))
        #expect(oddFill.fee == Money("0.02846414"), "0.0284641311 rounded up")
    }

    @Test func slippageMovesThePriceAgainstTheOrderOnTheTickGrid() {
        let broker = PaperBroker(config: BrokerConfig(fillTiming: .close, slippageBasisPoints: 5), instrument: Self.spot)
        #expect(broker.slipped(Price("23141.57")!, .buy) == Price("23153.15"), "23141.57 × 1.0005 = 23153.140785, up")
        #expect(broker.slipped(Price("23141.57")!, .sell) == Price("23129.99"), "× 0.9995 = 23129.999215, down")
    }

    @Test(arguments: [
        ("0.0001", "10000", RejectReason.belowMinNotional),
        ("1", "100", RejectReason.insufficientCash),
        ("0.000015", "10000", RejectReason.offStepQuantity),
        ("0", "10000", RejectReason.zeroQuantity),
    ])
    func brokerRejectsWithAReasonCode(quantity: String, cash: String, reason: RejectReason) {
        let broker = PaperBroker(config: BrokerConfig(fillTiming: .close), instrument: Self.spot)
        let order = Order(id: 7, instrument: Self.spot.id, side: .buy, quantity: Quantity(quantity)!, intent: .entry,
                          createdAt: 0, strategy: "test")
        let result = broker.execute(order, reference: Price("23141.57")!, time: 42, cash: Money(cash)!)
        #expect(throws: OrderRejection.self) { try result.get() }
        if case .failure(let rejection) = result {
            #expect(rejection.reason == reason)
            #expect(rejection.orderId == 7 && rejection.time == 42)
        }
    }

    @Test func allInNeverSpendsMoreThanTheCash() {
        let quantity = Sizing.allIn.quantity(
            cash: Money("10000")!, equity: Money("10000")!, price: Price("23141.57")!, feeRate: Rate("0.001")!,
            step: Quantity("0.00001")!, stop: nil)!
        let notional = Money.notional(quantity, Price("23141.57")!, .nearest)
        #expect(quantity == Quantity("0.43169"))
        #expect(notional + notional.times(Rate("0.001")!, .up) <= Money("10000")!)
        let more = quantity + Quantity("0.00001")!
        let moreNotional = Money.notional(more, Price("23141.57")!, .nearest)
        #expect(moreNotional + moreNotional.times(Rate("0.001")!, .up) > Money("10000")!, "one step more would not fit")
    }

    @Test func portfolioInvariantsHoldAtEveryBar() {
        var engine = BacktestEngine(
            config: Self.config(fill: .nextOpen, sizing: .allIn, slippage: 3),
            strategy: EMACross(parameters: ["fast": 5, "slow": 12]))
        for bar in Self.march.prefix(5000) {
            engine.process(bar)
            let portfolio = engine.currentPortfolio
            #expect(portfolio.equity(at: bar.close) == portfolio.cash + portfolio.positionValue(at: bar.close))
            #expect(portfolio.cash.raw >= 0, "no negative spot cash")
            #expect(portfolio.position.raw >= 0, "no negative spot balance")
        }
        let fills = engine.fillsSoFar
        let portfolio = engine.currentPortfolio
        let bought = fills.filter { $0.side == .buy }.reduce(Money.zero) { $0 + $1.notional }
        let sold = fills.filter { $0.side == .sell }.reduce(Money.zero) { $0 + $1.notional }
        let fees = fills.reduce(Money.zero) { $0 + $1.fee }
        #expect(portfolio.cash == Money("10000")! - bought + sold - fees, "cash reconciles with fills and fees")
        #expect(portfolio.feesPaid == fees)
        let held = fills.reduce(Quantity.zero) { $0 + ($1.side == .buy ? $1.quantity : -$1.quantity) }
        #expect(portfolio.position == held)
        #expect(fills.count > 100)
    }

    @Test func tradesPnLSumsToTheChangeInCashWhenFlat() {
        let result = Self.run(Self.march.prefix(4000), Self.config(sizing: .allIn))
        let pnl = result.trades.reduce(Money.zero) { $0 + $1.pnl }
        if result.portfolio.isFlat {
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
