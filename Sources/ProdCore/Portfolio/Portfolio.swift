/// Cash and the net positions of a run's instruments, in exact fixed point.
///
/// Instruments are addressed by their index in the run's universe. Spot and USDT-M positions are
/// accounted alike — a buy pays its notional from cash, a sell receives it — so that equity is
/// always cash plus the positions marked at their last prices; for a linear perpetual this gives
/// exactly its realized plus unrealized PnL. Fees and funding are paid from cash.
public struct Portfolio: Equatable, Sendable, Codable {
    public private(set) var cash: Money
    /// Signed: positive long, negative short.
    public private(set) var positions: [Quantity]
    /// Last price of each instrument (its latest close), zero before its first bar.
    public private(set) var marks: [Price]
    public private(set) var feesPaid: Money = .zero
    /// Funding paid, net of funding received.
    public private(set) var fundingPaid: Money = .zero
    public let initialCash: Money

    public init(cash: Money, instruments: Int) {
        self.cash = cash
        initialCash = cash
        positions = Array(repeating: .zero, count: instruments)
        marks = Array(repeating: .zero, count: instruments)
    }

    public mutating func apply(_ fill: Fill, instrument index: Int) {
        switch fill.side {
        case .buy:
            cash = cash - fill.notional - fill.fee
            positions[index] = positions[index] + fill.quantity
        case .sell:
            cash = cash + fill.notional - fill.fee
            positions[index] = positions[index] - fill.quantity
        }
        feesPaid = feesPaid + fill.fee
    }

    public mutating func mark(_ index: Int, at price: Price) {
        marks[index] = price
    }

    /// Settles funding on `position` (part of the net position) of a perpetual at its mark: longs
    /// pay a positive rate, shorts receive it. The amount is rounded against the account.
    /// Returns what was paid (negative = received).
    public mutating func settleFunding(_ index: Int, position: Quantity, rate: Rate) -> Money {
        let value = Money.notional(position, marks[index], .nearest)
        let signed = FixedPointMath.product(value.raw, rate.raw, .up)
        let payment = Money(raw: signed)
        cash = cash - payment
        fundingPaid = fundingPaid + payment
        return payment
    }

    /// Value of one position at its mark, to the nearest 10^-8 (negative when short).
    public func positionValue(_ index: Int) -> Money {
        Money.notional(positions[index], marks[index], .nearest)
    }

    /// cash + every position at its mark.
    public var equity: Money {
        var total = cash
        for index in positions.indices where positions[index].raw != 0 { total = total + positionValue(index) }
        return total
    }

    /// Σ |position value| over the instruments `include` selects.
    public func grossExposure(where include: (Int) -> Bool = { _ in true }) -> Money {
        var total = Money.zero
        for index in positions.indices where positions[index].raw != 0 && include(index) {
            total = total + Money(raw: abs(positionValue(index).raw))
        }
        return total
    }
}
