/// Settings of one backtest run.
public struct BacktestConfig: Sendable {
    public var instrument: Instrument
    /// Interval of the bars fed to the engine; a longer step between two bars is a gap.
    public var timeframe: Timeframe
    public var initialCash: Money
    public var broker: BrokerConfig
    public var sizing: Sizing
    public var governance: GovernanceLimits
    public var exits: ExitRules
    /// Pause entries after a gap in the bars. Off only to compare with engines that have no such gate.
    public var dataQualityGate: Bool
    public var risk: RiskRules

    public init(
        instrument: Instrument, timeframe: Timeframe = .m1, initialCash: Money, broker: BrokerConfig, sizing: Sizing,
        governance: GovernanceLimits, exits: ExitRules = ExitRules(), dataQualityGate: Bool = true,
        risk: RiskRules = RiskRules()
    ) {
        self.instrument = instrument
        self.timeframe = timeframe
        self.initialCash = initialCash
        self.broker = broker
        self.sizing = sizing
        self.governance = governance
        self.exits = exits
        self.dataQualityGate = dataQualityGate
        self.risk = risk
    }
}

/// Everything a finished run produced.
public struct BacktestResult: Sendable {
    public let bars: Int
    public let firstBarTime: Int64?
    public let lastBarTime: Int64?
    public let initialCash: Money
    public let finalEquity: Money
    public let portfolio: Portfolio
    public let fills: [Fill]
    public let rejections: [OrderRejection]
    public let trades: [Trade]
    public let governorEvents: [GovernorEvent]
    public let performance: PerformanceTracker
    /// SHA-256 of the input sequence and the fills.
    public let digest: String

    public var totalReturn: Double { finalEquity.doubleValue / initialCash.doubleValue - 1 }
}

/// The deterministic core step: closed bars in, orders, fills and equity out.
///
/// Single-threaded, no wall clock, no randomness: the same bars and config always give the same
/// fills and digest. Per bar:
/// 1. a new UTC day resets the governor's day loss; a gap before the bar pauses entries until
///    the strategy is warm again (data-quality gate);
/// 2. an order left from the previous close fills at the open (`next_open`);
/// 3. the stop or target of the open position is checked against the bar's low and high
///    (levels set from information up to the previous close);
/// 4. the strategy sees the closed bar; its order fills at the close (`close`) or waits;
/// 5. the open position's exit state advances (break-even lock, trailing stop), the portfolio is
///    marked at the close and the governor checks the day loss.
/// Entries must pass the gate and the governor; exits always go through.
public struct BacktestEngine<S: Strategy> {
    public let config: BacktestConfig
    private let broker: PaperBroker
    private var strategy: S
    private var portfolio: Portfolio
    private var governor: Governor
    private var riskState: RiskState
    private var digest = RunDigest()
    private var performance = PerformanceTracker()
    private var sequence: Int64 = 0
    private var barsSeen = 0
    private var entriesPausedUntilBar = 0
    private var nextOrderId: Int64 = 1
    private var pending: (purpose: OrderPurpose, side: OrderSide, createdAt: Int64)?
    private var protective: PositionExitState?
    /// ATR for the trailing stop, updated on every bar whether or not a position is open.
    private var trailingATR: ATR?
    private var openEntry: Fill?
    private var fills: [Fill] = []
    private var rejections: [OrderRejection] = []
    private var trades: [Trade] = []
    private var governorEvents: [GovernorEvent] = []
    private var firstBarTime: Int64?
    private var lastBar: Bar?

    public init(config: BacktestConfig, strategy: S) {
        self.config = config
        self.strategy = strategy
        broker = PaperBroker(config: config.broker, instrument: config.instrument)
        portfolio = Portfolio(cash: config.initialCash)
        governor = Governor(limits: config.governance, initialEquity: config.initialCash)
        riskState = RiskState(rules: config.risk)
        trailingATR = config.exits.trailing.map { ATR(period: $0.period) }
    }

    /// The portfolio after the last processed bar.
    public var currentPortfolio: Portfolio { portfolio }

    /// Fills so far, in order.
    public var fillsSoFar: [Fill] { fills }

    /// Processes the next closed bar. Bars must come in time order.
    public mutating func process(_ bar: Bar) {
        sequence += 1
        digest.recordInput(sequence: sequence, bar: bar)
        if firstBarTime == nil { firstBarTime = bar.openTime }
        if let event = governor.beginBar(at: bar.openTime) { governorEvents.append(event) }
        checkForGap(before: bar)
        if let order = pending {
            pending = nil
            execute(order.purpose, order.side, createdAt: order.createdAt, reference: bar.open, time: bar.openTime)
        }
        if let levels = protective, let exit = levels.triggered(by: bar) {
            execute(.exit(exit.reason), levels.side == .buy ? .sell : .buy, createdAt: bar.openTime,
                    reference: exit.price, time: bar.openTime)
        }
        if let signal = strategy.onBar(bar, position: portfolio.position) {
            handle(signal, bar)
        }
        trailingATR?.update(high: bar.high.doubleValue, low: bar.low.doubleValue, close: bar.close.doubleValue)
        // With fills at the close, the entry bar's range happened before the entry: it must not move the exit.
        let enteredAtThisClose = config.broker.fillTiming == .close && openEntry?.time == bar.openTime
        if !enteredAtThisClose { protective?.barClosed(bar, atr: trailingATR?.value ?? .nan) }
        let equity = portfolio.equity(at: bar.close)
        performance.recordEquity(equity)
        if let event = governor.observe(equity: equity, at: bar.openTime) { governorEvents.append(event) }
        barsSeen += 1
        lastBar = bar
    }

    /// Ends the run: open positions stay open and are valued at the last close.
    public mutating func finish() -> BacktestResult {
        let finalEquity = lastBar.map { portfolio.equity(at: $0.close) } ?? portfolio.cash
        return BacktestResult(
            bars: performance.bars, firstBarTime: firstBarTime, lastBarTime: lastBar?.openTime,
            initialCash: config.initialCash, finalEquity: finalEquity, portfolio: portfolio, fills: fills,
            rejections: rejections, trades: trades, governorEvents: governorEvents, performance: performance,
            digest: digest.finalize())
    }

    private mutating func checkForGap(before bar: Bar) {
        guard config.dataQualityGate, let last = lastBar, bar.openTime - last.openTime > config.timeframe.milliseconds
        else { return }
        let missing = (bar.openTime - last.openTime) / config.timeframe.milliseconds - 1
        entriesPausedUntilBar = barsSeen + strategy.warmUpBars
        governorEvents.append(GovernorEvent(
            time: bar.openTime, kind: .dataGapPause,
            detail: "\(missing) bars missing before this one; entries paused for \(strategy.warmUpBars) bars"))
    }

    private mutating func handle(_ signal: Signal, _ bar: Bar) {
        let order: (purpose: OrderPurpose, side: OrderSide)
        switch signal.action {
        case .enter(let side):
            guard portfolio.isFlat, pending == nil else { return }
            guard side == .buy || config.instrument.market != .spot else { return }
            var exits = config.exits
            if let stop = signal.stopLossPercent.flatMap(Self.fraction) { exits.stopLoss = stop }
            if let target = signal.takeProfitPercent.flatMap(Self.fraction) { exits.takeProfit = target }
            order = (.entry(exits), side)
        case .exit:
            guard !portfolio.isFlat else { return }
            order = (.exit(.signal), portfolio.position.raw > 0 ? .sell : .buy)
        }
        switch config.broker.fillTiming {
        case .close: execute(order.purpose, order.side, createdAt: bar.openTime, reference: bar.close, time: bar.openTime)
        case .nextOpen: pending = (order.purpose, order.side, bar.openTime)
        }
    }

    /// A signal's percentage as an exact fraction, to 10^-8; `nil` unless it is in (0, 100).
    private static func fraction(_ percent: Double) -> Rate? {
        guard percent > 0, percent < 100 else { return nil }
        return Rate(raw: Int64((percent / 100 * Double(FixedPointScale.factor)).rounded()))
    }

    /// Sizes the order at the price it executes at, so `all_in` never asks for more than the cash.
    private mutating func execute(
        _ purpose: OrderPurpose, _ side: OrderSide, createdAt: Int64, reference: Price, time: Int64
    ) {
        let sized: Quantity? = switch purpose {
        case .entry(let exits):
            config.sizing.quantity(
                cash: portfolio.cash, equity: portfolio.equity(at: reference), price: broker.slipped(reference, side),
                feeRate: broker.feeRate, step: config.instrument.stepSize, stop: exits.stopLoss)
        case .exit:
            Quantity(raw: abs(portfolio.position.raw))
        }
        let intent = purpose.intent
        let quantity = sized ?? .zero
        let order = Order(
            id: nextOrderId, instrument: config.instrument.id, side: side, quantity: quantity, intent: intent,
            createdAt: createdAt, strategy: S.name)
        nextOrderId += 1
        if intent == .entry, sized == nil {
            rejections.append(OrderRejection(
                orderId: order.id, time: time, reason: .sizingNeedsStop, detail: "\(config.sizing) needs a stop-loss"))
            return
        }
        if intent == .entry, let (code, detail) = entryBlock(for: order, at: reference, time: time) {
            rejections.append(OrderRejection(orderId: order.id, time: time, reason: code, detail: detail))
            return
        }
        switch broker.execute(order, reference: reference, time: time, cash: portfolio.cash) {
        case .success(let fill): record(fill, purpose)
        case .failure(let rejection): rejections.append(rejection)
        }
    }

    private func entryBlock(for order: Order, at price: Price, time: Int64) -> (RejectReason, String)? {
        if barsSeen < entriesPausedUntilBar {
            return (.dataQualityPause, "entries paused after a data gap for \(entriesPausedUntilBar - barsSeen) more bars")
        }
        if let block = riskState.entryBlock(atBar: barsSeen, time: time) { return block }
        let equity = portfolio.equity(at: price)
        let gross = Money(raw: abs(portfolio.positionValue(at: price).raw))
        return governor.entryBlock(notional: Money.notional(order.quantity, price, .nearest), grossExposure: gross, equity: equity)
    }

    private mutating func record(_ fill: Fill, _ purpose: OrderPurpose) {
        portfolio.apply(fill)
        digest.recordFill(fill)
        fills.append(fill)
        switch purpose {
        case .entry(let exits):
            openEntry = fill
            riskState.entered(at: fill.time)
            protective = PositionExitState(
                entry: fill.price, side: fill.side, rules: exits, tick: config.instrument.tickSize,
                roundTripFee: broker.feeRate)
        case .exit(let reason):
            guard let entry = openEntry else { return }
            closeTrade(entry: entry, exit: fill, reason: reason)
        }
    }

    private mutating func closeTrade(entry: Fill, exit fill: Fill, reason: ExitReason) {
        openEntry = nil
        protective = nil
        if reason == .stopLoss { riskState.stoppedOut(atBar: barsSeen) }
        let gross = entry.side == .buy ? fill.notional - entry.notional : entry.notional - fill.notional
        let trade = Trade(
            entryTime: entry.time, exitTime: fill.time, side: entry.side, quantity: entry.quantity,
            entryPrice: entry.price, exitPrice: fill.price, fees: entry.fee + fill.fee,
            pnl: gross - entry.fee - fill.fee, exitReason: reason)
        trades.append(trade)
        performance.recordTrade(trade)
    }
}

/// What an order the engine places is for: an entry with the exits it will carry, or an exit
/// and why.
private enum OrderPurpose {
    case entry(ExitRules)
    case exit(ExitReason)

    var intent: OrderIntent {
        switch self {
        case .entry: .entry
        case .exit: .exit
        }
    }
}
