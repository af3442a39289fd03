/// What an order the engine places is for: an entry with the exits it will carry, or an exit
/// and why.
enum OrderPurpose: Sendable, Codable {
    case entry(ExitRules, confidence: Double)
    case exit(ExitReason)

    var intent: OrderIntent {
        switch self {
        case .entry: .entry
        case .exit: .exit
        }
    }
}

/// An order that is not completely filled yet: a market order waiting for the next bar, a
/// resting limit, or the remainder of a partial fill.
struct WorkingOrder: Sendable, Codable {
    let order: Order
    let purpose: OrderPurpose
    /// Quantity still to fill; entries are sized at their first fill, exits always close the
    /// whole position.
    var remaining: Quantity?
    /// The instrument's bar count after which an unfilled limit is cancelled.
    let expiresAfterBar: Int?

    /// A fill of `quantity` happened: a sized entry has that much less to fill.
    mutating func filled(_ quantity: Quantity) {
        if let remaining { self.remaining = remaining - quantity }
    }
}
