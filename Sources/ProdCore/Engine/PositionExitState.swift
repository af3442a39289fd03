/// The protective exit of the open position: its stop and target, and the break-even / trailing
/// state machine HOLDING → BE_LOCK → ARMED → EXITED. The stop only ever moves in the position's
/// favour, and the levels a bar is checked against use nothing later than the previous close.
public struct PositionExitState: Sendable, Codable {
    public let side: OrderSide
    public let entry: Price
    public private(set) var stop: Price?
    public private(set) var target: Price?
    public private(set) var phase: ExitPhase = .holding
    private let rules: ExitRules
    private let tick: Price
    private let breakEven: Price
    private var bestClose: Price

    /// `roundTripFee` is the fee rate paid on entry and again on exit.
    public init(entry: Price, side: OrderSide, rules: ExitRules, tick: Price, roundTripFee: Rate) {
        self.side = side
        self.entry = entry
        self.rules = rules
        self.tick = tick
        bestClose = entry
        let feeCover = FixedPointMath.product(entry.raw, roundTripFee.raw * 2, .up)
        breakEven = Price(raw: entry.raw + (side == .buy ? feeCover : -feeCover)).rounded(toTick: tick, side == .buy ? .up : .down)
        stop = rules.stopLoss.map { offset($0, against: true) }
        target = rules.takeProfit.map { offset($0, against: false) }
        if rules.trailing != nil && rules.trailing?.armAfter == nil { phase = .armed }
    }

    private var isLong: Bool { side == .buy }

    /// `entry` moved by `fraction` against the position (stops) or in its favour (targets), on the
    /// tick grid and rounded away from the entry.
    private func offset(_ fraction: Rate, against: Bool) -> Price {
        entry.moved(by: fraction, down: isLong == against, tick: tick)
    }

    /// The exit this bar triggers and its reference price: the level, or the open when the bar
    /// gapped through it. When both are touched the stop is assumed first.
    public func triggered(by bar: Bar) -> (reason: ExitReason, price: Price)? {
        if let stop, isLong ? bar.low <= stop : bar.high >= stop {
            return (.stopLoss, isLong ? min(bar.open, stop) : max(bar.open, stop))
        }
        if let target, isLong ? bar.high >= target : bar.low <= target {
            return (.takeProfit, isLong ? max(bar.open, target) : min(bar.open, target))
        }
        return nil
    }

    /// After a bar closed with the position still open: advance the phase and move the stop.
    /// `atr` is the ATR of the trailing rule including this bar, or NaN while it warms up.
    public mutating func barClosed(_ bar: Bar, atr: Double) {
        if isLong ? bar.close > bestClose : bar.close < bestClose { bestClose = bar.close }
        let favourable = isLong ? bar.high : bar.low
        if phase < .breakEvenLock, let trigger = rules.breakEvenTrigger, reached(trigger, with: favourable) {
            phase = .breakEvenLock
            tighten(to: breakEven)
        }
        if phase < .armed, let arm = rules.trailing?.armAfter, reached(arm, with: favourable) {
            phase = .armed
        }
        if phase == .armed, let trailing = rules.trailing, atr.isFinite {
            let distance = trailing.multiple * atr * (isLong ? 1 : -1)
            let raw = Int64(((bestClose.doubleValue - distance) * Double(FixedPointScale.factor)).rounded(isLong ? .down : .up))
            if raw > 0 { tighten(to: Price(raw: raw).rounded(toTick: tick, isLong ? .down : .up)) }
        }
    }

    /// The position was closed.
    public mutating func exited() { phase = .exited }

    private func reached(_ fraction: Rate, with price: Price) -> Bool {
        let move = FixedPointMath.product(entry.raw, fraction.raw, .nearest)
        return isLong ? price.raw >= entry.raw + move : price.raw <= entry.raw - move
    }

    /// Moves the stop to `level` only if that is in the position's favour.
    private mutating func tighten(to level: Price) {
        guard let current = stop else {
            stop = level
            return
        }
        stop = isLong ? max(current, level) : min(current, level)
    }
}
