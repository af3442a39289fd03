/// Protective exits set on every entry: distances from the entry price as fractions
/// (0.02 = 2 %). They are checked against each later bar's low and high, stop first.
public struct ExitRules: Equatable, Sendable {
    public var stopLoss: Rate?
    public var takeProfit: Rate?

    public init(stopLoss: Rate? = nil, takeProfit: Rate? = nil) {
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
    }

    /// Stop and target prices for a position entered at `price` on `side`, on the tick grid and
    /// rounded away from the entry (a stop never tighter, a target never nearer than asked).
    func levels(entry price: Price, side: OrderSide, tick: Price) -> ProtectiveLevels {
        func offset(_ fraction: Rate?, _ direction: Int64, _ rule: RoundingRule) -> Price? {
            fraction.map { fraction in
                let distance = FixedPointMath.product(price.raw, fraction.raw, .nearest)
                return Price(raw: max(price.raw + direction * distance, tick.raw)).rounded(toTick: tick, rule)
            }
        }
        return side == .buy
            ? ProtectiveLevels(side: side, stop: offset(stopLoss, -1, .down), target: offset(takeProfit, 1, .up))
            : ProtectiveLevels(side: side, stop: offset(stopLoss, 1, .up), target: offset(takeProfit, -1, .down))
    }
}

/// The stop and target of the open position.
struct ProtectiveLevels: Sendable {
    let side: OrderSide
    let stop: Price?
    let target: Price?

    /// The exit this bar triggers and its reference price: the level, or the open when the bar
    /// gapped through it. When both are touched the stop is assumed first.
    func triggered(by bar: Bar) -> (reason: ExitReason, price: Price)? {
        let long = side == .buy
        if let stop, long ? bar.low <= stop : bar.high >= stop {
            return (.stopLoss, long ? min(bar.open, stop) : max(bar.open, stop))
        }
        if let target, long ? bar.high >= target : bar.low <= target {
            return (.takeProfit, long ? max(bar.open, target) : min(bar.open, target))
        }
        return nil
    }
}

/// Why a position was closed.
public enum ExitReason: String, Sendable, Codable {
    case signal
    case stopLoss = "stop_loss"
    case takeProfit = "take_profit"
}
