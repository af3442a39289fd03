/// What a working order may do when it fills, apart from the account: how much of a bar's volume
/// it may take, how much a spot market buy can afford, and when a partly filled entry's remainder
/// is too small to keep working. The engine orchestrates a step and applies these outcomes; sizing
/// and the risk checks belong to `Risk/`. (When a limit expires or is hit stays in the engine's
/// `workOrder`, which runs for every working order at every bar: every way of calling it out
/// here measured 6–35 % slower, `scripts/bench/compare_builds.py`.)
enum OrderLifecycle {
    /// `quantity`, cut to `share` of the bar's volume (to the instrument's step, down).
    static func capped(_ quantity: Quantity, barVolume: Quantity, share: Rate, step: Quantity) -> Quantity {
        let cap = Quantity(raw: FixedPointMath.product(barVolume.raw, share.raw, .down)).rounded(toStep: step, .down)
        return min(quantity, cap)
    }

    /// The largest quantity up to `wanted` whose cost, at the price it would get, the cash covers.
    static func affordableSpotBuy(_ wanted: Quantity, reference: Price, broker: PaperBroker, context: FillContext) -> Quantity {
        let price = broker.slipped(reference, .buy, quantity: wanted, context: context)
        let cost = Money.notional(wanted, price, .nearest)
        guard cost + cost.times(broker.takerFee, .up) > context.cash else { return wanted }
        return min(wanted, Sizing.affordable(context.cash, price: price, feeRate: broker.takerFee, step: broker.instrument.stepSize))
    }

    /// Whether what is left of a partly filled entry is worth less than the instrument's minimum
    /// notional at `price`, so it can never fill.
    static func isTooSmall(remaining: Quantity, at price: Price, minNotional: Money) -> Bool {
        Money.notional(remaining, price, .nearest) < minNotional
    }
}
