import Foundation

/// Binance's kline payloads read into bars with exact values: the REST array of
/// `/api/v3/klines` and `/fapi/v1/klines`
/// (`[openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume", trades,
/// "takerBuyBase", "takerBuyQuote", "0"]`) and the combined-stream kline event
/// (`{"stream": "btcusdt@kline_1m", "data": {"e": "kline", "E": …, "s": …, "k": {…, "x": closed}}}`).
public enum BinanceKline {
    /// One kline of a REST response with its close time (the last millisecond of the minute).
    public struct Row: Sendable, Equatable {
        public let bar: Bar
        public let closeTime: Int64
    }

    /// One kline event of the stream: an update of the current minute, or its final values when `isClosed`.
    public struct Event: Sendable, Equatable {
        public let symbol: String
        public let interval: String
        public let eventTime: Int64
        public let isClosed: Bool
        public let bar: Bar
    }

    /// A REST klines response body.
    public static func rows(_ body: Data) throws(LiveFeedError) -> [Row] {
        do {
            return try JSONDecoder().decode([RESTKline].self, from: body).map { Row(bar: $0.bar, closeTime: $0.closeTime) }
        } catch let error as LiveFeedError {
            throw error
        } catch {
            throw LiveFeedError.malformed("klines response: \(LiveFeedError.describe(error))")
        }
    }

    /// A combined-stream message; `nil` when it is not a kline event (other streams are not ours).
    public static func event(_ text: String) throws(LiveFeedError) -> Event? {
        let message: StreamMessage
        do {
            message = try JSONDecoder().decode(StreamMessage.self, from: Data(text.utf8))
        } catch let error as LiveFeedError {
            throw error
        } catch {
            throw LiveFeedError.malformed("stream message: \(LiveFeedError.describe(error))")
        }
        guard let data = message.data, data.e == "kline", let k = data.k else { return nil }
        return Event(symbol: k.s, interval: k.i, eventTime: data.E ?? k.T, isClosed: k.x, bar: try k.bar)
    }

    /// A non-negative decimal of Binance's (price, quantity or amount), exactly; the field names it in an error.
    static func decimal<Value: FixedPoint8>(_ text: String, _ field: String) throws(LiveFeedError) -> Value {
        guard let value = Value(text), value.raw >= 0 else { throw LiveFeedError.malformed("\(field): '\(text.prefix(40))' is not a decimal with at most 8 decimals") }
        return value
    }

    private struct RESTKline: Decodable {
        let bar: Bar
        let closeTime: Int64

        init(from decoder: any Decoder) throws {
            var fields = try decoder.unkeyedContainer()
            let openTime = try fields.decode(Int64.self)
            let open: Price = try decimal(try fields.decode(String.self), "open")
            let high: Price = try decimal(try fields.decode(String.self), "high")
            let low: Price = try decimal(try fields.decode(String.self), "low")
            let close: Price = try decimal(try fields.decode(String.self), "close")
            let volume: Quantity = try decimal(try fields.decode(String.self), "volume")
            closeTime = try fields.decode(Int64.self)
            let quoteVolume: Money = try decimal(try fields.decode(String.self), "quote volume")
            let trades = try fields.decode(Int64.self)
            let takerBase: Quantity = try decimal(try fields.decode(String.self), "taker buy base volume")
            let takerQuote: Money = try decimal(try fields.decode(String.self), "taker buy quote volume")
            bar = Bar(
                openTime: openTime, open: open, high: high, low: low, close: close, volume: volume, quoteVolume: quoteVolume,
                tradeCount: trades, takerBuyBaseVolume: takerBase, takerBuyQuoteVolume: takerQuote)
        }
    }

    private struct StreamMessage: Decodable {
        let stream: String?
        let data: EventData?
    }

    // Binance's single-letter keys, as published.
    private struct EventData: Decodable {
        let e: String
        let E: Int64?
        let k: KlineData?
    }

    private struct KlineData: Decodable {
        let t: Int64
        let T: Int64
        let s: String
        let i: String
        let o: String
        let c: String
        let h: String
        let l: String
        let v: String
        let n: Int64
        let x: Bool
        let q: String
        let V: String
        let Q: String

        var bar: Bar {
            get throws(LiveFeedError) {
                Bar(
                    openTime: t, open: try decimal(o, "k.o"), high: try decimal(h, "k.h"), low: try decimal(l, "k.l"), close: try decimal(c, "k.c"),
                    volume: try decimal(v, "k.v"), quoteVolume: try decimal(q, "k.q"), tradeCount: n, takerBuyBaseVolume: try decimal(V, "k.V"),
                    takerBuyQuoteVolume: try decimal(Q, "k.Q"))
            }
        }
    }
}
