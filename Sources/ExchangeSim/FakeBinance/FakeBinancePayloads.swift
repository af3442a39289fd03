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

    /// `exchangeInfo` for `instruments`, with the filters the paper broker enforces, decimals as
    /// Binance writes them (8 places).
    static func exchangeInfo(_ instruments: [Instrument], market: Market, serverTime: Int64) -> String {
        let symbols = instruments.map { instrument in
            let notional = market == .spot
                ? "{\"filterType\":\"NOTIONAL\",\"minNotional\":\"\(places8(instrument.minNotional.raw))\",\"applyMinToMarket\":true,\"maxNotional\":\"9000000.00000000\",\"applyMaxToMarket\":false,\"avgPriceMins\":5}"
                : "{\"filterType\":\"MIN_NOTIONAL\",\"notional\":\"\(places8(instrument.minNotional.raw))\"}"
            return "{\"symbol\":\"\(instrument.symbol)\",\"status\":\"TRADING\",\"baseAsset\":\"\(instrument.baseAsset)\",\"quoteAsset\":\"\(instrument.quoteAsset)\",\"filters\":["
                + "{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"\(places8(instrument.tickSize.raw))\",\"maxPrice\":\"1000000.00000000\",\"tickSize\":\"\(places8(instrument.tickSize.raw))\"},"
                + "{\"filterType\":\"LOT_SIZE\",\"minQty\":\"\(places8(instrument.stepSize.raw))\",\"maxQty\":\"9000.00000000\",\"stepSize\":\"\(places8(instrument.stepSize.raw))\"},"
                + notional + "]}"
        }
        return "{\"timezone\":\"UTC\",\"serverTime\":\(serverTime),\"rateLimits\":[],\"exchangeFilters\":[],\"symbols\":[\(symbols.joined(separator: ","))]}"
    }

    /// A record of `GET /fapi/v1/fundingRate` (docs: "Get Funding Rate History").
    static func fundingRecord(symbol: String, _ event: FundingRateEvent, markPrice: Price) -> String {
        "{\"symbol\":\"\(symbol)\",\"fundingRate\":\"\(signed8(event.rate.raw))\",\"fundingTime\":\(event.time),\"markPrice\":\"\(places8(markPrice.raw))\"}"
    }

    /// `GET /fapi/v1/premiumIndex?symbol=` (docs: "Mark Price").
    static func premiumIndex(symbol: String, markPrice: Price, indexPrice: Price, lastFundingRate: Rate, nextFundingTime: Int64, time: Int64) -> String {
        "{\"symbol\":\"\(symbol)\",\"markPrice\":\"\(places8(markPrice.raw))\",\"indexPrice\":\"\(places8(indexPrice.raw))\","
            + "\"estimatedSettlePrice\":\"\(places8(indexPrice.raw))\",\"lastFundingRate\":\"\(signed8(lastFundingRate.raw))\","
            + "\"interestRate\":\"0.00010000\",\"nextFundingTime\":\(nextFundingTime),\"time\":\(time)}"
    }

    /// A signed 10^-8 value with all eight places, as Binance writes rates: `-0.00012345`.
    static func signed8(_ raw: Int64) -> String { (raw < 0 ? "-" : "") + places8(raw.magnitude == 0 ? 0 : Int64(raw.magnitude)) }

    /// A non-negative 10^-8 value with all eight places, as Binance writes filters: `0.01000000`.
    static func places8(_ raw: Int64) -> String {
        let fraction = String(raw % 100_000_000)
        return "\(raw / 100_000_000)." + String(repeating: "0", count: 8 - fraction.count) + fraction
    }

    static func error(code: Int, _ message: String) -> String { "{\"code\":\(code),\"msg\":\"\(message)\"}" }
}
