/// A dimensionless fraction such as a fee rate (`0.001` = 0.1 % = 10 bps).
public struct Rate: FixedPoint8 {
    public let raw: Int64
    public init(raw: Int64) { self.raw = raw }
}

/// Identifies one tradable series: a symbol on a market.
public struct InstrumentID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let symbol: String
    public let market: Market

    public init(symbol: String, market: Market) {
        self.symbol = symbol
        self.market = market
    }

    public var description: String { "\(symbol)@\(market)" }

    public static func < (lhs: InstrumentID, rhs: InstrumentID) -> Bool {
        (lhs.symbol, lhs.market) < (rhs.symbol, rhs.market)
    }
}

/// A tradable instrument with the exchange filters an order must satisfy.
public struct Instrument: Equatable, Sendable {
    public let id: InstrumentID
    public let baseAsset: String
    public let quoteAsset: String
    /// Prices must be multiples of this.
    public let tickSize: Price
    /// Quantities must be multiples of this.
    public let stepSize: Quantity
    /// Smallest order value, price × quantity, the exchange accepts.
    public let minNotional: Money
    public let makerFee: Rate
    public let takerFee: Rate

    public init(
        id: InstrumentID, baseAsset: String, quoteAsset: String, tickSize: Price,
        stepSize: Quantity, minNotional: Money, makerFee: Rate, takerFee: Rate
    ) {
        self.id = id
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
        self.tickSize = tickSize
        self.stepSize = stepSize
        self.minNotional = minNotional
        self.makerFee = makerFee
        self.takerFee = takerFee
    }

    public var symbol: String { id.symbol }
    public var market: Market { id.market }
}
