import ProdCore

/// Binance's wire formats, written as the exchange writes them (docs: "Kline/Candlestick data"
/// and "Kline/Candlestick Streams"): decimals as strings, times in epoch ms.
enum FakeBinancePayloads {
    static func serverTime(_ time: Int64) -> String { "{\"serverTime\":\(time)}" }

    /// One kline of a REST response: `[openTime, "o", "h", "l", "c", "v", closeTime, "q", n, "V", "Q", "0"]`.
    static func restKline(_ bar: Bar) -> String {
        "[\(bar.openTime),\"\(bar.open)\",\"\(bar.high)\",\"\(bar.low)\",\"\(bar.close)\",\"\(bar.volume)\",\(bar.openTime + 59_999),"
            + "\"\(bar.quoteVolume)\",\(bar.tradeCount),\"\(bar.takerBuyBaseVolume)\",\"\(bar.takerBuyQuoteVolume)\",\"0\"]"
    }

    /// A combined-stream kline event.
    static func streamKline(stream: String, symbol: String, _ bar: Bar, closed: Bool, eventTime: Int64) -> String {
        "{\"stream\":\"\(stream)\",\"data\":{\"e\":\"kline\",\"E\":\(eventTime),\"s\":\"\(symbol)\",\"k\":{\"t\":\(bar.openTime),"
            + "\"T\":\(bar.openTime + 59_999),\"s\":\"\(symbol)\",\"i\":\"1m\",\"f\":100,\"L\":200,\"o\":\"\(bar.open)\",\"c\":\"\(bar.close)\","
            + "\"h\":\"\(bar.high)\",\"l\":\"\(bar.low)\",\"v\":\"\(bar.volume)\",\"n\":\(bar.tradeCount),\"x\":\(closed),"
            + "\"q\":\"\(bar.quoteVolume)\",\"V\":\"\(bar.takerBuyBaseVolume)\",\"Q\":\"\(bar.takerBuyQuoteVolume)\",\"B\":\"0\"}}}"
    }

    /// The current minute as the exchange shows it before it closes: only its first trade so far.
    static func unclosed(_ bar: Bar) -> Bar {
        Bar(openTime: bar.openTime, open: bar.open, high: bar.open, low: bar.open, close: bar.open, volume: .zero, quoteVolume: .zero,
            tradeCount: 0, takerBuyBaseVolume: .zero, takerBuyQuoteVolume: .zero)
    }

    static func error(code: Int, _ message: String) -> String { "{\"code\":\(code),\"msg\":\"\(message)\"}" }
}
