/// What an entry signal becomes under the plan in force: the exits the position will carry (the
/// plan's, or the signal's own stop and target) and, when the plan enters with limits, the limit
/// price off the decision bar's close and the bar count after which it is cancelled unfilled.
struct EntryTerms {
    let exits: ExitRules
    let limit: Price?
    let expiresAfterBar: Int?

    /// - Parameters:
    ///   - stopLossPercent, takeProfitPercent: the signal's own levels, used when in (0, 100).
    ///   - planExits, execution: the plan's.
    ///   - barCount: bars of the instrument so far (the expiry counts from the decision bar).
    init(
        side: OrderSide, stopLossPercent: Double?, takeProfitPercent: Double?, planExits: ExitRules, execution: ExecutionPolicy,
        decisionClose: Price,
        tickSize: Price, barCount: Int
    ) {
        var exits = planExits
        if let stop = stopLossPercent.flatMap(Self.fraction) { exits.stopLoss = stop }
        if let target = takeProfitPercent.flatMap(Self.fraction) { exits.takeProfit = target }
        self.exits = exits
        if case .limit(let offset, let timeout) = execution.entryOrder {
            limit = decisionClose.moved(by: offset, down: side == .buy, tick: tickSize)
            expiresAfterBar = barCount + timeout
        } else {
            limit = nil
            expiresAfterBar = nil
        }
    }

    /// A percentage as an exact fraction, to 10^-8; `nil` unless it is in (0, 100).
    private static func fraction(_ percent: Double) -> Rate? {
        guard percent > 0, percent < 100 else { return nil }
        return Rate(raw: Int64((percent / 100 * Double(FixedPointScale.factor)).rounded()))
    }
}
