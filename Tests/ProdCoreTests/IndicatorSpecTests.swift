import Testing

@testable import ProdCore

@Suite struct IndicatorSpecTests {
    @Test func columnsFollowTheNamingRule() throws {
        let specs = try IndicatorSpec.parseList("ema:20,rsi:14,atr:14,adx:14,bb:20:2,macd:12:26:9,donchian:10,bb:10:1.5")
        #expect(specs.flatMap(\.columns) == [
            "ema_20", "rsi_14", "atr_14", "adx_14", "adx_plus_di_14", "adx_minus_di_14",
            "bb_upper_20_2", "bb_middle_20_2", "bb_lower_20_2",
            "macd_12_26_9", "macd_signal_12_26_9", "macd_hist_12_26_9",
            "donchian_upper_10", "donchian_middle_10", "donchian_lower_10",
            "bb_upper_10_1.5", "bb_middle_10_1.5", "bb_lower_10_1.5",
        ])
    }

    @Test func missingParametersTakeDefaults() throws {
        #expect(try IndicatorSpec(parsing: "macd").columns[0] == "macd_12_26_9")
        #expect(try IndicatorSpec(parsing: "bb:30").columns[1] == "bb_middle_30_2")
        #expect(try IndicatorSpec(parsing: "RSI").columns == ["rsi_14"])
    }

    @Test(arguments: ["foo:3", "ema:0", "ema:x", "rsi:1", "bb:20:0", "bb:20:nan", "macd:1:2:3:4", "ema:10001", ""])
    func badSpecsAreRejectedWithTheirText(text: String) {
        #expect(throws: IndicatorSpecError.self) { try IndicatorSpec.parseList(text) }
    }

    @Test func warmUpLengthsMatchTaLibLookbacks() {
        // TA-Lib lookbacks: SMA/EMA n−1, RSI/ATR/ROC n, ADX 2n−1, MACD slow+signal−2.
        var ema = EMA(period: 5), rsi = RSI(period: 5), atr = ATR(period: 5), adx = ADX(period: 5)
        var macd = MACD(fast: 3, slow: 6, signal: 4)
        var firstReady: [String: Int] = [:]
        for index in 0..<40 {
            let price = 100.0 + Double(index % 7) - Double(index % 3)
            ema.update(price)
            rsi.update(price)
            atr.update(high: price + 1, low: price - 1, close: price)
            adx.update(high: price + 1, low: price - 1, close: price)
            macd.update(price)
            for (name, ready) in [("ema", ema.isReady), ("rsi", rsi.isReady), ("atr", atr.isReady),
                                  ("adx", adx.isReady), ("macd", macd.isReady)] where ready && firstReady[name] == nil {
                firstReady[name] = index
            }
        }
        #expect(firstReady == ["ema": 4, "rsi": 5, "atr": 5, "adx": 9, "macd": 8])
    }
}
