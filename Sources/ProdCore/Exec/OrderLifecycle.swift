/// What a working order does as bars arrive, apart from the account: when a limit expires or is
/// hit, how much of a bar's volume it may take, how much a spot market buy can afford, and when a
/// partly filled entry's remainder is too small to keep working. The engine orchestrates a step
/// and applies these outcomes; sizing and the risk checks belong to `Risk/`.
enum OrderLifecycle {
    enum BarOutcome: Equatable {
        /// Fill at this reference price (before slippage).
        case fill(at: Price)
        /// An unfilled limit past its timeout.
        case expire(limit: Price)
        case wait
    }

    /// A working order meets a new feed bar (`barsSeen`: its instrument's bar count): a market
    /// order fills at the bar's open; a limit expires after its last bar, else fills when the bar
    /// trades through its price (touching is not enough: the queue ahead may take it all).
    static func meet(_ working: WorkingOrder, bar: Bar, barsSeen: Int) -> BarOutcome {
        guard let limit = working.order.limitPrice else { return .fill(at: bar.open) }
        if let expiry = working.expiresAfterBar, barsSeen > expiry { return .expire(limit: limit) }
        let hit = working.order.side == .buy ? bar.low < limit : bar.high > limit
        return hit ? .fill(at: limit) : .wait
    }

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
