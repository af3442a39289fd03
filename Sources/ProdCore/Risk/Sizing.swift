/// How big an entry is.
public enum Sizing: Equatable, Sendable, CustomStringConvertible, Codable {
    /// All available cash (equity on USDT-M), fees included, rounded down to the step.
    case allIn
    /// A fixed quantity of the base asset.
    case fixed(Quantity)
    /// Fixed-fractional risk: the quantity whose loss at the stop is this fraction of equity.
    /// Needs a stop.
    case risk(Rate)
    /// Volatility sizing: the quantity whose loss over `multiple` × ATR(14) of the strategy's
    /// timeframe is this fraction of equity.
    case atr(Rate, multiple: Rate)
    /// Capped Kelly: `fraction` of equity times the multiplier (confidence − 0.5) × 4, clamped
    /// to [0, `cap`]; no entry at confidence ≤ 0.5.
    case kelly(Rate, cap: Rate)

    public static let atrPeriod = 14

    /// Parses `all_in`, `fixed:QTY`, `risk:PCT`, `atr:PCT[:MULT]` or `kelly[:PCT[:CAP]]`.
    public init(parsing text: String) throws(SizingError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func percent(_ index: Int, default value: String) -> Rate? {
            let text = index < parts.count ? parts[index] : value
            guard let percent = Rate(text), percent.isPositive, percent.raw <= 100 * FixedPointScale.factor,
                  percent.raw % 100 == 0 else { return nil }
            return Rate(raw: percent.raw / 100)
        }
        func positive(_ index: Int, default value: String) -> Rate? {
            let text = index < parts.count ? parts[index] : value
            guard let rate = Rate(text), rate.isPositive, rate.raw <= 100 * FixedPointScale.factor else { return nil }
            return rate
        }
        let parsed: Sizing? = switch (parts[0], parts.count) {
        case ("all_in", 1): .allIn
        case ("fixed", 2): Quantity(parts[1]).flatMap { $0.isPositive ? .fixed($0) : nil }
        case ("risk", 2): percent(1, default: "").map { .risk($0) }
        case ("atr", 2...3): percent(1, default: "").flatMap { risk in positive(2, default: "2").map { .atr(risk, multiple: $0) } }
        case ("kelly", 1...3): percent(1, default: "10").flatMap { base in positive(2, default: "1").map { .kelly(base, cap: $0) } }
        default: nil
        }
        guard let parsed else { throw SizingError(text: text) }
        self = parsed
    }

    /// What sizing may use at the moment of an entry.
    public struct Inputs: Sendable {
        public var cash: Money
        public var equity: Money
        /// Expected execution price.
        public var price: Price
        public var feeRate: Rate
        public var step: Quantity
        /// Spot buys are limited by the cash; USDT-M entries by the equity.
        public var isSpot: Bool
        public var stop: Rate?
        /// ATR(14) of the strategy's timeframe, NaN while it warms up.
        public var atr: Double
        public var confidence: Double
    }

    /// Entry quantity on the step grid; `nil` when the sizing lacks what it needs (a stop for
    /// `.risk`, a warm ATR for `.atr`).
    public func quantity(_ inputs: Inputs) -> Quantity? {
        let affordable = Self.affordable(inputs.isSpot ? inputs.cash : inputs.equity, inputs)
        let wanted: Quantity
        switch self {
        case .fixed(let quantity):
            return quantity.rounded(toStep: inputs.step, .down)
        case .allIn:
            return affordable
        case .risk(let fraction):
            guard let stop = inputs.stop, stop.isPositive else { return nil }
            wanted = Self.quantity(losing: inputs.equity.times(fraction, .down), perUnit: FixedPointMath.product(inputs.price.raw, stop.raw, .up), inputs)
        case .atr(let fraction, let multiple):
            guard inputs.atr.isFinite, inputs.atr > 0 else { return nil }
            let perUnit = Int64((inputs.atr * multiple.doubleValue * Double(FixedPointScale.factor)).rounded(.up))
            wanted = Self.quantity(losing: inputs.equity.times(fraction, .down), perUnit: perUnit, inputs)
        case .kelly(let fraction, let cap):
            // The multiplier is rounded to 10^-8 so that the budget is exact.
            let multiplier = min(max((inputs.confidence - 0.5) * 4, 0), cap.doubleValue)
            let exactMultiplier = Rate(raw: Int64((multiplier * Double(FixedPointScale.factor)).rounded()))
            wanted = Self.affordable(inputs.equity.times(fraction, .down).times(exactMultiplier, .down), inputs)
        }
        return min(wanted, affordable)
    }

    /// loss / lossPerUnit, rounded down to the step.
    private static func quantity(losing loss: Money, perUnit: Int64, _ inputs: Inputs) -> Quantity {
        guard loss.isPositive, perUnit > 0 else { return .zero }
        return Quantity(raw: FixedPointMath.quotient(loss.raw, perUnit, .down)).rounded(toStep: inputs.step, .down)
    }

    private static func affordable(_ budget: Money, _ inputs: Inputs) -> Quantity {
        affordable(budget, price: inputs.price, feeRate: inputs.feeRate, step: inputs.step)
    }

    /// budget / (price × (1 + fee)), rounded down so that notional + fee never exceeds the budget.
    static func affordable(_ budget: Money, price: Price, feeRate: Rate, step: Quantity) -> Quantity {
        guard budget.isPositive, price.isPositive else { return .zero }
        let grossPrice = price.raw + FixedPointMath.product(price.raw, feeRate.raw, .up)
        return Quantity(raw: FixedPointMath.quotient(budget.raw, grossPrice, .down)).rounded(toStep: step, .down)
    }

    public var description: String {
        func percent(_ rate: Rate) -> String { "\(Rate(raw: rate.raw * 100))" }
        return switch self {
        case .allIn: "all_in"
        case .fixed(let quantity): "fixed:\(quantity)"
        case .risk(let fraction): "risk:\(percent(fraction))"
        case .atr(let fraction, let multiple): "atr:\(percent(fraction)):\(multiple)"
        case .kelly(let fraction, let cap): "kelly:\(percent(fraction)):\(cap)"
        }
    }
}

/// A sizing option that is not one of the supported forms.
public struct SizingError: Error, Equatable, Sendable, CustomStringConvertible {
    public let text: String
    public var description: String {
        "sizing '\(text)': expected all_in, fixed:QTY, risk:PCT (percent of equity lost at the stop), "
            + "atr:PCT[:MULT] (PCT lost over MULT × ATR14, default 2) or kelly[:PCT[:CAP]] "
            + "(PCT of equity × (confidence − 0.5) × 4 capped at CAP; defaults 10 and 1); percentages in (0, 100]"
    }
}
