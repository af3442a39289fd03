/// How big an entry is.
public enum Sizing: Equatable, Sendable, CustomStringConvertible {
    /// All available cash, fees included, rounded down to the step.
    case allIn
    /// A fixed quantity of the base asset.
    case fixed(Quantity)

    /// Parses `all_in` or `fixed:QTY`.
    public init(parsing text: String) throws(SizingError) {
        if text == "all_in" {
            self = .allIn
            return
        }
        if text.hasPrefix("fixed:"), let quantity = Quantity(String(text.dropFirst(6))), quantity.isPositive {
            self = .fixed(quantity)
            return
        }
        throw SizingError(text: text)
    }

    /// Entry quantity for `cash` at `price` with `feeRate`, on the instrument's step grid.
    public func quantity(cash: Money, price: Price, feeRate: Rate, step: Quantity) -> Quantity {
        switch self {
        case .fixed(let quantity):
            return quantity.rounded(toStep: step, .down)
        case .allIn:
            guard cash.isPositive, price.isPositive else { return .zero }
            // cash / (price × (1 + fee)), rounded down so that notional + fee never exceeds cash.
            let grossPrice = price.raw + FixedPointMath.product(price.raw, feeRate.raw, .up)
            let affordable = Quantity(raw: FixedPointMath.quotient(cash.raw, grossPrice, .down))
            return affordable.rounded(toStep: step, .down)
        }
    }

    public var description: String {
        switch self {
        case .allIn: "all_in"
        case .fixed(let quantity): "fixed:\(quantity)"
        }
    }
}

/// A sizing option that is not one of the supported forms.
public struct SizingError: Error, Equatable, Sendable, CustomStringConvertible {
    public let text: String
    public var description: String { "sizing '\(text)': expected all_in or fixed:QTY with a positive quantity" }
}
