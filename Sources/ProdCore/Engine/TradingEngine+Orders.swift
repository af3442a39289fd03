/// The engine's side of orders: signals (on the terms of `EntryTerms`) and protective exits become working orders, which meet
/// bars, are capped by `OrderLifecycle`'s rules, sized and checked by `Risk/`, filled by the paper
/// broker, and booked into the portfolio, the fills and the trades.
extension TradingEngine {
    mutating func handle(_ signal: Signal, slot: Int, bar: Bar) {
        let instrument = config.instruments[slots[slot].instrument]
        switch signal.action {
        case .enter(let side):
            // During a warm-up the strategy's signal is only seen, not traded.
            guard (clock ?? bar.openTime) + config.baseTimeframe.milliseconds >= config.tradingStart else { return }
            guard !slots[slot].isDraining, slots[slot].isIdle else { return }
            let terms = EntryTerms(
                side: side, stopLossPercent: signal.stopLossPercent, takeProfitPercent: signal.takeProfitPercent,
                planExits: plan.exits, execution: plan.execution, decisionClose: bar.close, tickSize: instrument.tickSize,
                barCount: barCounts[slots[slot].instrument])
            let order = makeOrder(slot, side: side, intent: .entry, limit: terms.limit, time: bar.openTime)
            if side == .sell && instrument.market == .spot {
                reject(order, .shortOnSpot, "spot positions are long-only", at: bar.openTime)
                return
            }
            start(
                WorkingOrder(order: order, purpose: .entry(terms.exits, confidence: signal.confidence), expiresAfterBar: terms.expiresAfterBar),
                slot: slot, decisionBar: bar)
        case .exit:
            if let working = slots[slot].working, working.order.intent == .entry {
                cancelWorking(slot, .cancelledBySignal, "the strategy asked to exit", at: bar.openTime)
            }
            guard !slots[slot].isFlat, slots[slot].working == nil else { return }
            start(marketExit(slot, .signal, at: bar.openTime), slot: slot, decisionBar: bar)
        }
    }

    /// A market order fills at once at the decision close with `close` timing; otherwise it works from the next bar.
    private mutating func start(_ working: WorkingOrder, slot: Int, decisionBar bar: Bar) {
        slots[slot].working = working
        if config.broker.fillTiming == .close && working.order.limitPrice == nil {
            fillWorking(slot, reference: bar.close, barVolume: bar.volume, time: bar.openTime)
        }
    }

    /// A market order closing the slot's whole position.
    mutating func marketExit(_ slot: Int, _ reason: ExitReason, at time: Int64) -> WorkingOrder {
        let side: OrderSide = slots[slot].position.raw > 0 ? .sell : .buy
        let order = makeOrder(slot, side: side, intent: .exit, limit: nil, time: time)
        return WorkingOrder(order: order, purpose: .exit(reason), expiresAfterBar: nil)
    }

    private mutating func makeOrder(_ slot: Int, side: OrderSide, intent: OrderIntent, limit: Price?, time: Int64) -> Order {
        defer { nextOrderId += 1 }
        let order = Order(
            id: nextOrderId, instrument: config.instruments[slots[slot].instrument].id, side: side, intent: intent,
            limitPrice: limit, createdAt: time, strategy: slots[slot].label)
        orders.append(order)
        return order
    }

    /// A working order meets a new feed bar: market orders fill at its open, limits when the bar
    /// trades through their price (touching is not enough: the queue ahead may take it all).
    mutating func workOrder(_ slot: Int, in bar: Bar) {
        guard let working = slots[slot].working else { return }
        guard let limit = working.order.limitPrice else {
            fillWorking(slot, reference: bar.open, barVolume: bar.volume, time: bar.openTime)
            return
        }
        let instrument = slots[slot].instrument
        if let expiry = working.expiresAfterBar, barCounts[instrument] > expiry {
            cancelWorking(slot, .limitExpired, "limit \(limit) not filled within its timeout", at: bar.openTime)
            return
        }
        let hit = working.order.side == .buy ? bar.low < limit : bar.high > limit
        if hit { fillWorking(slot, reference: limit, barVolume: bar.volume, time: bar.openTime) }
    }

    /// The open position's stop or target, checked against the bar's range.
    mutating func checkProtectiveExit(_ slot: Int, in bar: Bar) {
        guard !slots[slot].isFlat, let levels = slots[slot].protective, let exit = levels.triggered(by: bar) else { return }
        if slots[slot].working != nil {
            cancelWorking(slot, .cancelledBySignal, "replaced by the \(exit.reason.rawValue) exit", at: bar.openTime)
        }
        slots[slot].working = marketExit(slot, exit.reason, at: bar.openTime)
        fillWorking(slot, reference: exit.price, barVolume: bar.volume, time: bar.openTime)
    }

    /// Fills as much of the slot's working order as the bar's volume, the cash and the rules allow.
    mutating func fillWorking(_ slot: Int, reference: Price, barVolume: Quantity, time: Int64) {
        guard var working = slots[slot].working else { return }
        let index = slots[slot].instrument
        let broker = brokers[index]
        let instrument = broker.instrument
        let context = FillContext(
            barVolume: barVolume, lastRange: lastRanges[index], cash: portfolio.cash, position: portfolio.positions[index])
        let expected = working.order.limitPrice ?? broker.slipped(reference, working.order.side, quantity: .zero, context: context)

        var quantity: Quantity
        switch working.purpose {
        case .exit:
            quantity = Quantity(raw: abs(slots[slot].position.raw))
        case .entry(let exits, let confidence):
            if working.remaining == nil {
                let inputs = Sizing.Inputs(
                    cash: portfolio.cash, equity: portfolio.equity, price: expected,
                    feeRate: working.order.limitPrice == nil ? broker.takerFee : broker.makerFee, step: instrument.stepSize,
                    isSpot: instrument.market == .spot, stop: exits.stopLoss, atr: slots[slot].sizingATR.value,
                    confidence: confidence)
                guard let sized = plan.sizing.quantity(inputs) else {
                    cancelWorking(slot, .sizingNeedsStop, "\(plan.sizing) needs a stop-loss or a warm ATR", at: time)
                    return
                }
                working.remaining = sized
            }
            quantity = working.remaining!
        }
        if let share = plan.execution.maxVolumeShare {
            quantity = OrderLifecycle.capped(quantity, barVolume: barVolume, share: share, step: instrument.stepSize)
            guard quantity.isPositive else {
                slots[slot].working = working
                return
            }
        }
        if instrument.market == .spot, working.order.side == .buy, working.order.limitPrice == nil {
            quantity = OrderLifecycle.affordableSpotBuy(quantity, reference: reference, broker: broker, context: context)
        }
        if case .entry = working.purpose, let (reason, detail) = entryBlock(slot, quantity: quantity, price: expected, time: time) {
            cancelWorking(slot, reason, detail, at: time)
            return
        }
        switch broker.execute(working.order, quantity: quantity, reference: reference, time: time, context: context) {
        case .success(let fill):
            working.filled(fill.quantity)
            slots[slot].working = working
            record(fill, slot: slot, purpose: working.purpose)
            finishIfDone(slot)
        case .failure(let rejection):
            slots[slot].working = nil
            rejections.append(rejection)
        }
    }

    /// Why an entry fill of `quantity` at `price` may not happen, or `nil` when it may.
    private func entryBlock(_ slot: Int, quantity: Quantity, price: Price, time: Int64) -> (RejectReason, String)? {
        let state = slots[slot]
        if state.decisionBars < state.entriesPausedUntilBar {
            return (.dataQualityPause, "entries paused after a data problem for \(state.entriesPausedUntilBar - state.decisionBars) more bars")
        }
        let notional = Money.notional(quantity, price, .nearest)
        if state.isFlat {
            if let block = state.risk.entryBlock(atBar: state.decisionBars, time: time) { return block }
            if let cap = plan.risk.maxOpenPositions, slots.count(where: { !$0.isFlat }) >= cap {
                return (.riskMaxOpenPositions, "\(cap) positions already open")
            }
        }
        if let cap = plan.risk.maxPositionNotional {
            let after = Money(raw: abs(Money.notional(state.position, price, .nearest).raw)) + notional
            if after > cap { return (.riskPositionNotional, "position \(after) > risk max_position_notional \(cap)") }
        }
        let isLeveraged = config.instruments[state.instrument].market == .usdm
        return governor.entryBlock(
            notional: notional, grossExposure: portfolio.grossExposure(),
            leveragedExposure: isLeveraged ? portfolio.grossExposure { config.instruments[$0].market == .usdm } : nil,
            equity: portfolio.equity)
    }

    /// Ends the working order once it has nothing left to do; cancels a remainder too small to trade.
    private mutating func finishIfDone(_ slot: Int) {
        guard let working = slots[slot].working else { return }
        switch working.purpose {
        case .exit:
            if slots[slot].isFlat { slots[slot].working = nil }
        case .entry:
            guard let remaining = working.remaining else { return }
            if remaining.raw == 0 {
                slots[slot].working = nil
            } else if OrderLifecycle.isTooSmall(
                remaining: remaining, at: working.order.limitPrice ?? portfolio.marks[slots[slot].instrument],
                minNotional: config.instruments[slots[slot].instrument].minNotional) {
                cancelWorking(slot, .remainderTooSmall, "remaining \(remaining) is below the minimum notional", at: clock ?? 0)
            }
        }
    }

    mutating func cancelWorking(_ slot: Int, _ reason: RejectReason, _ detail: String, at time: Int64) {
        guard let working = slots[slot].working else { return }
        slots[slot].working = nil
        reject(working.order, reason, detail, at: time)
    }

    private mutating func reject(_ order: Order, _ reason: RejectReason, _ detail: String, at time: Int64) {
        rejections.append(OrderRejection(orderId: order.id, time: time, reason: reason, detail: detail))
    }

    private mutating func record(_ fill: Fill, slot: Int, purpose: OrderPurpose) {
        let index = slots[slot].instrument
        portfolio.apply(fill, instrument: index)
        digest.recordFill(fill)
        fills.append(fill)
        slots[slot].position = slots[slot].position + (fill.side == .buy ? fill.quantity : -fill.quantity)
        switch purpose {
        case .entry(let exits, _):
            if slots[slot].roundTrip == nil {
                slots[slot].roundTrip = RoundTrip(side: fill.side, entryTime: fill.time)
                slots[slot].risk.entered(at: fill.time)
                slots[slot].protective = PositionExitState(
                    entry: fill.price, side: fill.side, rules: exits, tick: brokers[index].instrument.tickSize,
                    roundTripFee: brokers[index].takerFee)
            }
            slots[slot].roundTrip!.add(fill)
        case .exit(let reason):
            slots[slot].roundTrip?.add(fill)
            if slots[slot].isFlat, let roundTrip = slots[slot].roundTrip {
                closeTrade(slot, roundTrip, exitTime: fill.time, reason: reason)
            }
        }
    }

    private mutating func closeTrade(_ slot: Int, _ roundTrip: RoundTrip, exitTime: Int64, reason: ExitReason) {
        slots[slot].roundTrip = nil
        slots[slot].protective = nil
        if reason == .stopLoss { slots[slot].risk.stoppedOut(atBar: slots[slot].decisionBars) }
        let trade = roundTrip.trade(
            strategy: slots[slot].label, instrument: config.instruments[slots[slot].instrument].id, exitTime: exitTime,
            reason: reason)
        trades.append(trade)
        performance.recordTrade(trade)
    }
}
