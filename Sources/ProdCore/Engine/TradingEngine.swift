/// The deterministic core: sequenced inputs (bars, funding rates, plans, controls) in; orders,
/// fills, positions, equity and governor events out. Backtests, replays and live paper sessions
/// run this same code; only the feed differs.
///
/// Single-threaded, no wall clock, no randomness, no dictionary order in outputs: the same inputs
/// always give the same fills and digest. For each bar of an instrument:
/// 1. the clock advances: when the time moved on, the equity of the previous time is recorded and
///    the governor checks the day loss; a new UTC day resets the day loss;
/// 2. a bar that fails validation is dropped and, like a gap before the bar, pauses entries of the
///    instrument's strategies until they are warm again (data-quality gate);
/// 3. working orders fill: market orders at the open, resting limits when the bar trades through
///    their price, each at most its share of the bar's volume;
/// 4. the stop or target of each open position is checked against the bar's low and high (levels
///    set from information up to the previous decision close);
/// 5. the instrument is marked at the close; each strategy whose decision bar closed sees it, and
///    its order fills at that close (`close`) or starts working (`next_open`, limits);
/// 6. exit states advance (break-even lock, trailing stop).
/// Entries must pass the data gate, the risk rules and the governor; exits always go through.
public struct TradingEngine: Sendable {
    public let config: EngineConfig
    let brokers: [PaperBroker]
    let validator: PlanValidator
    public internal(set) var plan: Plan
    var slots: [StrategySlot] = []
    /// The strategy of each slot, same index.
    var strategies: [any Strategy] = []
    var drainingSlots = 0
    /// Slot indices per instrument, in plan order.
    var slotsByInstrument: [[Int]]
    var portfolio: Portfolio
    var governor: Governor
    var digest = RunDigest()
    var performance = PerformanceTracker()
    var sequence: Int64 = 0
    var barInputs = 0
    var nextOrderId: Int64 = 1
    var orders: [Order] = []
    var fills: [Fill] = []
    var rejections: [OrderRejection] = []
    var trades: [Trade] = []
    var governorEvents: [GovernorEvent] = []
    var fundingPayments: [FundingPayment] = []
    var planRecords: [PlanRecord]
    /// Plan records and governor events let go once stored (`releaseStoredPlanHistory`).
    var plansReleased = 0
    var governorEventsReleased = 0
    /// Equity points not yet taken by `takeEquityPoints()`.
    var newEquityPoints: [EquityPoint] = []
    var firstTime: Int64?
    var clock: Int64?
    var barCounts: [Int]
    var lastBarTimes: [Int64?]
    /// (high − low) / close of each instrument's last bar, for the volatility slippage.
    var lastRanges: [Double]

    /// Starts a run with `plan`, which must be valid.
    public init(config: EngineConfig, plan: Plan) throws(PlanRejection) {
        self.config = config
        brokers = config.instruments.map { PaperBroker(config: config.broker, instrument: $0) }
        validator = PlanValidator(
            catalog: config.catalog, instruments: config.instruments, baseTimeframe: config.baseTimeframe,
            governance: config.governance)
        let validated = try validator.validate(plan, at: nil)
        self.plan = plan
        let count = config.instruments.count
        slotsByInstrument = Array(repeating: [], count: count)
        portfolio = Portfolio(cash: config.initialCash, instruments: count)
        governor = Governor(limits: validated.limits, initialEquity: config.initialCash)
        barCounts = Array(repeating: 0, count: count)
        lastBarTimes = Array(repeating: nil, count: count)
        lastRanges = Array(repeating: 0, count: count)
        planRecords = [PlanRecord(sequence: 0, time: nil, id: plan.id, source: plan.source, text: plan.canonicalText, applied: true, reasons: [])]
        install(validated)
    }

    public var currentPortfolio: Portfolio { portfolio }
    public var fillsSoFar: [Fill] { fills }
    public var governorState: Governor { governor }

    /// Processes the next input. Inputs must come in time order.
    public mutating func process(_ input: EngineInput) {
        sequence += 1
        advanceClock(to: input.time)
        switch input {
        case .bar(let instrument, let bar):
            digest.recordBar(sequence: sequence, instrument: instrument, bar: bar)
            processBar(instrument, bar)
        case .fundingRate(let instrument, let time, let rate):
            digest.recordEvent(sequence: sequence, time: time, kind: "funding", text: "\(instrument) \(rate)")
            settleFunding(instrument, rate: rate, at: time)
        case .plan(let plan, let time):
            digest.recordEvent(sequence: sequence, time: time, kind: "plan", text: plan.canonicalText)
            receive(plan, at: time)
        case .control(let control, let time):
            digest.recordEvent(sequence: sequence, time: time, kind: "control", text: "\(control)")
            apply(control, at: time)
        }
    }

    /// Ends the run: open positions stay open and are valued at their last marks.
    public mutating func finish() -> RunResult {
        recordEquityPoint()
        let figures = PerformanceFigures(
            initialCash: config.initialCash, finalEquity: portfolio.equity, timeframe: config.baseTimeframe, tracker: performance,
            fees: fills.reduce(Money.zero) { $0 + $1.fee }, funding: fundingPayments.reduce(Money.zero) { $0 + $1.amount })
        return RunResult(
            bars: barInputs, firstTime: firstTime, lastTime: clock, initialCash: config.initialCash,
            finalEquity: portfolio.equity, portfolio: portfolio, fills: fills, rejections: rejections, trades: trades,
            governorEvents: governorEvents, fundingPayments: fundingPayments, figures: figures, digest: digest.finalize())
    }

    private mutating func advanceClock(to time: Int64) {
        if firstTime == nil && time >= config.tradingStart { firstTime = time }
        if let now = clock, time > now { recordEquityPoint() }
        clock = max(clock ?? time, time)
        if let event = governor.beginBar(at: time) { governorEvents.append(event) }
    }

    private mutating func recordEquityPoint() {
        guard let now = clock else { return }
        let equity = portfolio.equity
        guard now + config.baseTimeframe.milliseconds >= config.tradingStart else {
            // Warm-up: nothing is measured, but the governor still follows the day.
            if let event = governor.observe(equity: equity, at: now) { governorEvents.append(event) }
            return
        }
        let grossExposure = portfolio.grossExposure()
        performance.recordEquity(equity, grossExposure: grossExposure)
        newEquityPoints.append(EquityPoint(
            time: now + config.baseTimeframe.milliseconds, equity: equity, cash: portfolio.cash,
            grossExposure: grossExposure))
        if let event = governor.observe(equity: equity, at: now) { governorEvents.append(event) }
    }

    private mutating func processBar(_ instrument: Int, _ bar: Bar) {
        barInputs += 1
        if let problem = bar.priceInconsistency ?? (bar.low.isPositive ? nil : "non-positive low \(bar.low)") {
            lastBarTimes[instrument] = bar.openTime
            pauseEntries(on: instrument, at: bar.openTime, kind: .badBarPause, "bar dropped: \(problem)")
            return
        }
        if let last = lastBarTimes[instrument], bar.openTime - last > config.baseTimeframe.milliseconds {
            let missing = (bar.openTime - last) / config.baseTimeframe.milliseconds - 1
            pauseEntries(on: instrument, at: bar.openTime, kind: .dataGapPause, "\(missing) bars missing before this one")
        }
        barCounts[instrument] += 1
        lastBarTimes[instrument] = bar.openTime
        portfolio.mark(instrument, at: bar.open)
        for slot in slotsByInstrument[instrument] { workOrder(slot, in: bar) }
        for slot in slotsByInstrument[instrument] { checkProtectiveExit(slot, in: bar) }
        portfolio.mark(instrument, at: bar.close)
        for slot in slotsByInstrument[instrument] { feed(bar, to: slot) }
        lastRanges[instrument] = (bar.high.doubleValue - bar.low.doubleValue) / bar.close.doubleValue
        if drainingSlots > 0 { removeDrainedSlots() }
    }

    private mutating func pauseEntries(on instrument: Int, at time: Int64, kind: GovernorEvent.Kind, _ detail: String) {
        guard config.dataQualityGate else { return }
        for slot in slotsByInstrument[instrument] {
            slots[slot].entriesPausedUntilBar = slots[slot].decisionBars + slots[slot].warmUpBars
        }
        governorEvents.append(GovernorEvent(
            time: time, kind: kind,
            detail: "\(config.instruments[instrument].id): \(detail); entries paused until the strategies are warm again"))
    }

    /// Hands a feed bar to a slot: directly, or through its aggregator when it decides on a longer timeframe.
    private mutating func feed(_ bar: Bar, to slot: Int) {
        guard slots[slot].aggregator != nil else {
            decide(slot, on: bar)
            return
        }
        var closed: Bar?
        slots[slot].aggregator!.add(bar) { closed = $0.bar }
        if let closed { decide(slot, on: closed) }
    }

    /// The strategy sees its closed decision bar; then the position's exit state advances.
    private mutating func decide(_ slot: Int, on bar: Bar) {
        if let signal = strategies[slot].onBar(bar, position: slots[slot].position) {
            handle(signal, slot: slot, bar: bar)
        }
        slots[slot].decisionBarClosed(bar, fillsAtClose: config.broker.fillTiming == .close)
    }

    private mutating func settleFunding(_ instrument: Int, rate: Rate, at time: Int64) {
        for slot in slotsByInstrument[instrument] {
            if !slots[slot].isFlat {
                let position = slots[slot].position
                let amount = portfolio.settleFunding(instrument, position: position, rate: rate)
                slots[slot].roundTrip?.addFunding(amount)
                fundingPayments.append(FundingPayment(
                    time: time, instrument: config.instruments[instrument].id, strategy: slots[slot].label, rate: rate,
                    position: position, amount: amount))
            }
            strategies[slot].onFundingRate(rate, at: time)
        }
    }
}
