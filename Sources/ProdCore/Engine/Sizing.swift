/// How big an entry is.
public enum Sizing: Equatable, Sendable, CustomStringConvertible {
    /// All available cash, fees included, rounded down to the step.
    case allIn
    /// A fixed quantity of the base asset.
    case fixed(Quantity)
    /// Fixed-fractional risk: the quantity whose loss at the stop is this fraction of equity,
    /// never more than the cash buys. Needs a stop.
    case risk(Rate)

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
        if text.hasPrefix("risk:"), let percent = Rate(String(text.dropFirst(5))), percent.isPositive,
           percent.raw <= 100 * FixedPointScale.factor, percent.raw % 100 == 0 {
            self = .risk(Rate(raw: percent.raw / 100))
            return
        }
        throw SizingError(text: text)
    }

    /// Entry quantity on the instrument's step grid; `nil` when `.risk` has no stop to size from.
    public func quantity(
        cash: Money, equity: Money, price: Price, feeRate: Rate, step: Quantity, stop: Rate?
    ) -> Quantity? {
        switch self {
        case .fixed(let quantity):
            return quantity.rounded(toStep: step, .down)
        case .allIn:
            return Self.affordable(cash: cash, price: price, feeRate: feeRate, step: step)
        case .risk(let fraction):
            guard let stop, stop.isPositive else { return nil }
            // equity × fraction / (price × stop distance), never more than the cash buys.
            let riskAmount = equity.times(fraction, .down)
            let lossPerUnit = FixedPointMath.product(price.raw, stop.raw, .up)
            guard riskAmount.isPositive, lossPerUnit > 0 else { return .zero }
            let sized = Quantity(raw: FixedPointMath.quotient(riskAmount.raw, lossPerUnit, .down)).rounded(toStep: step, .down)
            return min(sized, Self.affordable(cash: cash, price: price, feeRate: feeRate, step: step))
        }
    }

    /// cash / (price × (1 + fee)), rounded down so that notional + fee never exceeds cash.
    private static func affordable(cash: Money, price: Price, feeRate: Rate, step: Quantity) -> Quantity {
        guard cash.isPositive, price.isPositive else { return .zero }
        let grossPrice = price.raw + FixedPointMath.product(price.raw, feeRate.raw, .up)
        return Quantity(raw: FixedPointMath.quotient(cash.raw, grossPrice, .down)).rounded(toStep: step, .down)
    }

    public var description: String {
        switch self {
        case .allIn: "all_in"
        case .fixed(let quantity): "fixed:\(quantity)"
        case .risk(let fraction): "risk:\(Rate(raw: fraction.raw * 100))"
        }
    }
}

/// A sizing option that is not one of the supported forms.
public struct SizingError: Error, Equatable, Sendable, CustomStringConvertible {
    public let text: String
    public var description: String { "sizing '\(text)': expected all_in, fixed:QTY (a positive quantity) or risk:PCT (percent of equity lost at the stop, up to 100)" }
}
