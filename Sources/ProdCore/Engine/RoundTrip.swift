/// A closed round trip of one plan entry: from flat to flat.
public struct Trade: Equatable, Sendable, Codable {
    /// The plan entry that traded (`ema_cross@BTCUSDT:spot:1m`).
    public let strategy: String
    public let instrument: InstrumentID
    public let entryTime: Int64
    public let exitTime: Int64
    public let side: OrderSide
    public let quantity: Quantity
    /// Volume-weighted over the entry fills, to the nearest 10^-8.
    public let entryPrice: Price
    /// Volume-weighted over the exit fills, to the nearest 10^-8.
    public let exitPrice: Price
    public let fees: Money
    /// Funding paid while open (negative = received).
    public let funding: Money
    /// Exact: exit notional − entry notional (sign by side) − fees − funding.
    public let pnl: Money
    public let exitReason: ExitReason
}

/// Accumulates the fills and funding of an open round trip.
struct RoundTrip: Sendable, Codable {
    let side: OrderSide
    let entryTime: Int64
    private var entryQuantity = Quantity.zero
    private var entryNotional = Money.zero
    private var exitQuantity = Quantity.zero
    private var exitNotional = Money.zero
    private var fees = Money.zero
    private(set) var funding = Money.zero

    init(side: OrderSide, entryTime: Int64) {
        self.side = side
        self.entryTime = entryTime
    }

    mutating func add(_ fill: Fill) {
        if fill.side == side {
            entryQuantity = entryQuantity + fill.quantity
            entryNotional = entryNotional + fill.notional
        } else {
            exitQuantity = exitQuantity + fill.quantity
            exitNotional = exitNotional + fill.notional
        }
        fees = fees + fill.fee
    }

    mutating func addFunding(_ payment: Money) {
        funding = funding + payment
    }

    func trade(strategy: String, instrument: InstrumentID, exitTime: Int64, reason: ExitReason) -> Trade {
        let gross = side == .buy ? exitNotional - entryNotional : entryNotional - exitNotional
        return Trade(
            strategy: strategy, instrument: instrument, entryTime: entryTime, exitTime: exitTime, side: side,
            quantity: entryQuantity, entryPrice: Self.averagePrice(entryNotional, entryQuantity),
            exitPrice: Self.averagePrice(exitNotional, exitQuantity), fees: fees, funding: funding,
            pnl: gross - fees - funding, exitReason: reason)
    }

    private static func averagePrice(_ notional: Money, _ quantity: Quantity) -> Price {
        guard quantity.isPositive else { return .zero }
        return Price(raw: FixedPointMath.quotient(notional.raw, quantity.raw, .nearest))
    }
}
