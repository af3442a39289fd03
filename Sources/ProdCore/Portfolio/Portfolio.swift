/// Cash and the position in one instrument, in exact fixed point.
///
/// Equity is cash plus the position marked at a price; fees are paid from cash at each fill.
public struct Portfolio: Equatable, Sendable {
    public private(set) var cash: Money
    /// Signed: positive long, negative short.
    public private(set) var position: Quantity = .zero
    public private(set) var feesPaid: Money = .zero
    public let initialCash: Money

    public init(cash: Money) {
        self.cash = cash
        initialCash = cash
    }

    public var isFlat: Bool { position.raw == 0 }

    public mutating func apply(_ fill: Fill) {
        switch fill.side {
        case .buy:
            cash = cash - fill.notional - fill.fee
            position = position + fill.quantity
        case .sell:
            cash = cash + fill.notional - fill.fee
            position = position - fill.quantity
        }
        feesPaid = feesPaid + fill.fee
    }

    /// Value of the position at `mark`, to the nearest 10^-8.
    public func positionValue(at mark: Price) -> Money {
        Money.notional(position, mark, .nearest)
    }

    /// cash + position value at `mark`.
    public func equity(at mark: Price) -> Money {
        cash + positionValue(at: mark)
    }
}
