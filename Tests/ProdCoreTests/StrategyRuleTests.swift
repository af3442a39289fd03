import Testing

@testable import ProdCore

/// Every trade a strategy makes on real sample data must satisfy its documented rules, checked
/// against indicators recomputed here from the same bars.
@Suite struct StrategyRuleTests {
    static let minutes: [Bar] = {
        let files = try! ["BTCUSDT-1m-2023-02.zip", "BTCUSDT-1m-2023-03.zip"].map {
            try TestSupport.sampleFile(TestSupport.spotBTC, $0)
        }
        return try! TestSupport.bars(files).bars
    }()

    static func aggregate(_ timeframe: Timeframe) -> [Bar] {
        var aggregator = BarAggregator(timeframe: timeframe)
        var bars: [Bar] = []
        for minute in minutes { aggregator.add(minute) { bars.append($0.bar) } }
        return bars
    }

    static func run(
        _ type: any Strategy.Type, _ parameters: [String: Double], _ bars: [Bar], timeframe: Timeframe, size: String = "0.01"
    ) -> RunResult {
        var run = SingleRun()
        run.timeframe = timeframe
        run.sizing = .fixed(Quantity(size)!)
        return run.run(type, parameters, bars)
    }

    @Test func rangeReversionEntersOnlyBelowTheBandWithLowRSIInARange() throws {
        let bars = Self.aggregate(.m5)
        let spec = try StrategySpec(parsing: "range_rev_5m")
        let result = Self.run(RangeReversion.self, spec.parameters, bars, timeframe: .m5)
        #expect(result.trades.count >= 10)

        var bands = BollingerBands(period: 20, deviations: 2), rsi = RSI(period: 14), adx = ADX(period: 14)
        var state: [Int64: (close: Double, lower: Double, middle: Double, rsi: Double, adx: Double)] = [:]
        for bar in bars {
            bands.update(bar.close)
            rsi.update(bar.close.doubleValue)
            adx.update(high: bar.high.doubleValue, low: bar.low.doubleValue, close: bar.close.doubleValue)
            state[bar.openTime] = (bar.close.doubleValue, bands.lower, bands.middle, rsi.value, adx.adx)
        }
        for trade in result.trades {
            let entry = state[trade.entryTime]!
            #expect(entry.adx < 20 && entry.close < entry.lower && entry.rsi < 30, "entry at \(UTCTimestamp.iso8601(trade.entryTime))")
            let exit = state[trade.exitTime]!
            switch trade.exitReason {
            case .signal: #expect(exit.close >= exit.middle || exit.rsi >= 55)
            case .stopLoss: #expect(trade.exitPrice <= Price(raw: trade.entryPrice.raw * 99 / 100), "1 % stop")
            case .takeProfit, .killSwitch: Issue.record("range_rev_5m sets no target and no kill switch was used")
            }
        }
        #expect(result.trades.contains { $0.exitReason == .stopLoss }, "its own stop is applied by the engine")
    }

    @Test func breakoutEntersOnlyAboveThePreviousHighWithVolumeAndVolatility() throws {
        let bars = Self.aggregate(.h4)
        let spec = try StrategySpec(parsing: "breakout_4h:lookback=10,volume_factor=1.2,min_atr_pct=0.3")
        let result = Self.run(Breakout.self, spec.parameters, bars, timeframe: .h4)
        #expect(result.trades.count >= 2)
        for trade in result.trades {
            let index = bars.firstIndex { $0.openTime == trade.entryTime }!
            let previous = bars[(index - 10)..<index]
            let bar = bars[index]
            #expect(bar.close > previous.map(\.high).max()!)
            let averageVolume = previous.map(\.volume.doubleValue).reduce(0, +) / 10
            #expect(bar.volume.doubleValue > 1.2 * averageVolume)
            if trade.exitReason == .signal {
                let exitIndex = bars.firstIndex { $0.openTime == trade.exitTime }!
                #expect(bars[exitIndex].close < bars[(exitIndex - 10)..<exitIndex].map(\.low).min()!)
            }
        }
    }

    @Test func breakoutOnAScriptedRangeEntersAtTheBreakoutBarAndExitsBelowTheRange() {
        // 30 quiet 4h bars between 99 and 101, then a high-volume close at 105, then a drop to 95.
        func bar(_ index: Int64, _ low: String, _ high: String, _ close: String, volume: String) -> Bar {
            Bar(openTime: 1_677_628_800_000 + index * 14_400_000, open: Price(close)!, high: Price(high)!,
                low: Price(low)!, close: Price(close)!, volume: Quantity(volume)!, quoteVolume: Money("1000")!,
                tradeCount: 1, takerBuyBaseVolume: Quantity("1")!, takerBuyQuoteVolume: Money("100")!)
        }
        var bars = (0..<30).map { bar(Int64($0), "99", "101", $0 % 2 == 0 ? "100.5" : "99.5", volume: "10") }
        bars.append(bar(30, "100", "105.5", "105", volume: "40"))
        bars.append(bar(31, "104", "106", "105.5", volume: "10"))
        bars.append(bar(32, "94", "105", "95", volume: "10"))
        let spec = try! StrategySpec(parsing: "breakout_4h:lookback=20,exit_lookback=5,min_atr_pct=0.5,volume_factor=1.5,stop_atr=10")
        let result = Self.run(Breakout.self, spec.parameters, bars, timeframe: .h4, size: "1")
        #expect(result.rejections.isEmpty)
        #expect(result.trades.count == 1)
        #expect(result.trades.first?.entryTime == bars[30].openTime)
        #expect(result.trades.first?.exitTime == bars[32].openTime)
        #expect(result.trades.first?.exitReason == .signal)
    }

    @Test func strategiesDeclareTheirTimeframes() {
        #expect(RangeReversion.timeframe == .m5)
        #expect(Breakout.timeframe == .h4)
        #expect(EMACross.timeframe == nil)
        #expect(FundingReversion.timeframe == .h1)
        #expect(FundingReversion.markets == [.usdm])
        #expect(StrategyCatalog.standard.names == ["breakout_4h", "ema_cross", "funding_rev", "range_rev_5m"])
    }
}
