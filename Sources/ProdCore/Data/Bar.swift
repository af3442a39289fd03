/// One OHLCV candle as Binance publishes it, with exact fixed-point values.
public struct Bar: Equatable, Sendable, Codable {
    /// Open time, UTC epoch milliseconds.
    public var openTime: Int64
    public var open: Price
    public var high: Price
    public var low: Price
    public var close: Price
    /// Traded base-asset volume.
    public var volume: Quantity
    /// Traded quote-asset volume (sum of price × quantity of the trades).
    public var quoteVolume: Money
    public var tradeCount: Int64
    /// Base volume of trades where the taker bought.
    public var takerBuyBaseVolume: Quantity
    /// Quote volume of trades where the taker bought.
    public var takerBuyQuoteVolume: Money

    public init(
        openTime: Int64, open: Price, high: Price, low: Price, close: Price,
        volume: Quantity, quoteVolume: Money, tradeCount: Int64,
        takerBuyBaseVolume: Quantity, takerBuyQuoteVolume: Money
    ) {
        self.openTime = openTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.quoteVolume = quoteVolume
        self.tradeCount = tradeCount
        self.takerBuyBaseVolume = takerBuyBaseVolume
        self.takerBuyQuoteVolume = takerBuyQuoteVolume
    }

    /// Why the bar's prices are inconsistent, or `nil` when low ≤ open, close ≤ high.
    public var priceInconsistency: String? {
        if high < low { return "high \(high) < low \(low)" }
        if open < low || open > high { return "open \(open) outside [low \(low), high \(high)]" }
        if close < low || close > high { return "close \(close) outside [low \(low), high \(high)]" }
        return nil
    }
}
