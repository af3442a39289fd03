/// Buy or sell.
public enum OrderSide: String, Sendable, Codable {
    case buy, sell
}

/// Why an order was created: to open exposure or to close it. Exits are never blocked by risk rules.
public enum OrderIntent: String, Sendable, Codable {
    case entry, exit
}

/// An order the engine hands to the paper broker: market, or limit when `limitPrice` is set.
/// A partially filled order keeps its id; each fill names it.
public struct Order: Equatable, Sendable, Codable {
    public let id: Int64
    public let instrument: InstrumentID
    public let side: OrderSide
    public let intent: OrderIntent
    public let limitPrice: Price?
    /// Event time (epoch ms) of the bar whose close produced the order.
    public let createdAt: Int64
    /// The plan entry that placed it (`ema_cross@BTCUSDT:spot:1m`).
    public let strategy: String

    public init(
        id: Int64, instrument: InstrumentID, side: OrderSide, intent: OrderIntent, limitPrice: Price? = nil,
        createdAt: Int64, strategy: String
    ) {
        self.id = id
        self.instrument = instrument
        self.side = side
        self.intent = intent
        self.limitPrice = limitPrice
        self.createdAt = createdAt
        self.strategy = strategy
    }
}

/// An executed order.
public struct Fill: Equatable, Sendable, Codable {
    public let orderId: Int64
    /// Event time (epoch ms) of the bar the fill happened in.
    public let time: Int64
    public let instrument: InstrumentID
    public let side: OrderSide
    public let intent: OrderIntent
    public let price: Price
    public let quantity: Quantity
    /// quantity × price, rounded to the nearest 10^-8.
    public let notional: Money
    /// Rounded up to the next 10^-8.
    public let fee: Money
    /// A resting limit order that was hit pays the maker fee and no slippage.
    public let isMaker: Bool
    public let strategy: String
}

/// A refused order with its reason code and the numbers behind it.
public struct OrderRejection: Equatable, Sendable, Error, Codable {
    public let orderId: Int64
    public let time: Int64
    public let reason: RejectReason
    public let detail: String
}
