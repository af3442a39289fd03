/// Which way a value that does not fit the grid is moved. Every rounding in the core names one.
public enum RoundingRule: Sendable {
    /// Toward negative infinity.
    case down
    /// Toward positive infinity.
    case up
    /// To the nearest, halves away from zero.
    case nearest
}

/// Exact products and quotients of fixed-point values, rounded once by an explicit rule.
public enum FixedPointMath {
    /// `a × b / 10^8` rounded by `rule`; the value of quantity × price, or amount × rate.
    @inline(__always)
    public static func product(_ a: Int64, _ b: Int64, _ rule: RoundingRule) -> Int64 {
        divide(Int128(a) * Int128(b), by: Int128(FixedPointScale.factor), rule)
    }

    /// `a × 10^8 / b` rounded by `rule`; for example an amount of money divided by a price.
    @inline(__always)
    public static func quotient(_ a: Int64, _ b: Int64, _ rule: RoundingRule) -> Int64 {
        precondition(b != 0, "division by zero")
        return divide(Int128(a) * Int128(FixedPointScale.factor), by: Int128(b), rule)
    }

    /// `value` moved onto the grid of multiples of `step` by `rule`.
    @inline(__always)
    public static func roundToStep(_ value: Int64, step: Int64, _ rule: RoundingRule) -> Int64 {
        precondition(step > 0, "step must be positive")
        return divide(Int128(value), by: Int128(step), rule) * step
    }

    @inline(__always)
    static func divide(_ numerator: Int128, by denominator: Int128, _ rule: RoundingRule) -> Int64 {
        var quotient = numerator / denominator
        let remainder = numerator % denominator
        if remainder != 0 {
            let positive = (remainder > 0) == (denominator > 0)
            switch rule {
            case .down: if !positive { quotient -= 1 }
            case .up: if positive { quotient += 1 }
            case .nearest:
                if remainder.magnitude * 2 >= denominator.magnitude { quotient += positive ? 1 : -1 }
            }
        }
        return Int64(quotient)
    }
}

extension Money {
    /// quantity × price, rounded by `rule`.
    public static func notional(_ quantity: Quantity, _ price: Price, _ rule: RoundingRule) -> Money {
        Money(raw: FixedPointMath.product(quantity.raw, price.raw, rule))
    }

    /// This amount × `rate`, rounded by `rule` (fees are rounded up: never in the trader's favour).
    public func times(_ rate: Rate, _ rule: RoundingRule) -> Money {
        Money(raw: FixedPointMath.product(raw, rate.raw, rule))
    }

    public static func + (lhs: Money, rhs: Money) -> Money { Money(raw: lhs.raw + rhs.raw) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(raw: lhs.raw - rhs.raw) }
}

extension Quantity {
    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(raw: lhs.raw + rhs.raw) }
    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(raw: lhs.raw - rhs.raw) }
    public static prefix func - (value: Quantity) -> Quantity { Quantity(raw: -value.raw) }

    /// This quantity on the instrument's step grid, rounded by `rule`.
    public func rounded(toStep step: Quantity, _ rule: RoundingRule) -> Quantity {
        Quantity(raw: FixedPointMath.roundToStep(raw, step: step.raw, rule))
    }
}

extension Price {
    /// This price on the instrument's tick grid, rounded by `rule`.
    public func rounded(toTick tick: Price, _ rule: RoundingRule) -> Price {
        Price(raw: FixedPointMath.roundToStep(raw, step: tick.raw, rule))
    }

    /// This price moved down or up by `shift` units of 10^-8, on the tick grid rounded away from
    /// where it started, never below one tick.
    public func moved(by shift: Int64, down: Bool, tick: Price) -> Price {
        down ? Price(raw: max(raw - shift, tick.raw)).rounded(toTick: tick, .down)
            : Price(raw: raw + shift).rounded(toTick: tick, .up)
    }

    /// This price moved down or up by `fraction` of itself (to the nearest 10^-8), as `moved(by:down:tick:)`.
    public func moved(by fraction: Rate, down: Bool, tick: Price) -> Price {
        moved(by: FixedPointMath.product(raw, fraction.raw, .nearest), down: down, tick: tick)
    }
}
