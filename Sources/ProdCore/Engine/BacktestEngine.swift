/// Settings of one backtest run.
public struct BacktestConfig: Sendable {
    public var instrument: Instrument
    public var initialCash: Money
    public var broker: BrokerConfig
    public var sizing: Sizing

    public init(instrument: Instrument, initialCash: Money, broker: BrokerConfig, sizing: Sizing) {
        self.instrument = instrument
        self.initialCash = initialCash
        self.broker = broker
        self.sizing = sizing
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
    public let performance: PerformanceTracker
    /// SHA-256 of the input sequence and the fills.
    public let digest: String

    public var totalReturn: Double { finalEquity.doubleValue / initialCash.doubleValue - 1 }
}

/// The deterministic core step: closed bars in, orders, fills and equity out.
///
/// Single-threaded, no wall clock, no randomness: the same bars and config always give the same
/// fills and digest. Per bar: a pending order fills at the open (`next_open`), the strategy sees
/// the closed bar, a new order fills at the close (`close`) or waits for the next open, then the
/// portfolio is marked at the close.
public struct BacktestEngine<S: Strategy> {
    public let config: BacktestConfig
    private let broker: PaperBroker
    private var strategy: S
    private var portfolio: Portfolio
    private var digest = RunDigest()
    private var performance = PerformanceTracker()
    private var sequence: Int64 = 0
    private var nextOrderId: Int64 = 1
    private var pending: (intent: OrderIntent, side: OrderSide, createdAt: Int64)?
    private var openEntry: Fill?
    private var fills: [Fill] = []
    private var rejections: [OrderRejection] = []
    private var trades: [Trade] = []
    private var firstBarTime: Int64?
    private var lastBar: Bar?

    public init(config: BacktestConfig, strategy: S) {
        self.config = config
        self.strategy = strategy
        broker = PaperBroker(config: config.broker, instrument: config.instrument)
        portfolio = Portfolio(cash: config.initialCash)
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
        if let order = pending {
            pending = nil
            execute(order.intent, order.side, createdAt: order.createdAt, reference: bar.open, time: bar.openTime)
        }
        if let signal = strategy.onBar(bar, position: portfolio.position) {
            handle(signal, bar)
        }
        performance.recordEquity(portfolio.equity(at: bar.close))
        lastBar = bar
    }

    /// Ends the run: open positions stay open and are valued at the last close.
    public mutating func finish() -> BacktestResult {
        let finalEquity = lastBar.map { portfolio.equity(at: $0.close) } ?? portfolio.cash
        return BacktestResult(
            bars: performance.bars, firstBarTime: firstBarTime, lastBarTime: lastBar?.openTime,
            initialCash: config.initialCash, finalEquity: finalEquity, portfolio: portfolio, fills: fills,
            rejections: rejections, trades: trades, performance: performance, digest: digest.finalize())
    }

    private mutating func handle(_ signal: Signal, _ bar: Bar) {
        let order: (intent: OrderIntent, side: OrderSide)
        switch signal.action {
        case .enter(let side):
            guard portfolio.isFlat, pending == nil else { return }
            guard side == .buy || config.instrument.market != .spot else { return }
            order = (.entry, side)
        case .exit:
            guard !portfolio.isFlat else { return }
            order = (.exit, portfolio.position.raw > 0 ? .sell : .buy)
        }
        switch config.broker.fillTiming {
        case .close: execute(order.intent, order.side, createdAt: bar.openTime, reference: bar.close, time: bar.openTime)
        case .nextOpen: pending = (order.intent, order.side, bar.openTime)
        }
    }

    /// Sizes the order at the price it executes at, so `all_in` never asks for more than the cash.
    private mutating func execute(_ intent: OrderIntent, _ side: OrderSide, createdAt: Int64, reference: Price, time: Int64) {
        let quantity: Quantity = switch intent {
        case .entry:
            config.sizing.quantity(
                cash: portfolio.cash, price: broker.slipped(reference, side), feeRate: broker.feeRate,
                step: config.instrument.stepSize)
        case .exit:
            Quantity(raw: abs(portfolio.position.raw))
        }
        let order = Order(
            id: nextOrderId, instrument: config.instrument.id, side: side, quantity: quantity, intent: intent,
            createdAt: createdAt, strategy: S.name)
        nextOrderId += 1
        switch broker.execute(order, reference: reference, time: time, cash: portfolio.cash) {
        case .success(let fill): record(fill)
        case .failure(let rejection): rejections.append(rejection)
        }
    }

    private mutating func record(_ fill: Fill) {
        portfolio.apply(fill)
        digest.recordFill(fill)
        fills.append(fill)
        guard fill.intent == .exit, let entry = openEntry else {
            openEntry = fill
            return
        }
        openEntry = nil
        let gross = entry.side == .buy ? fill.notional - entry.notional : entry.notional - fill.notional
        let trade = Trade(
            entryTime: entry.time, exitTime: fill.time, side: entry.side, quantity: entry.quantity,
            entryPrice: entry.price, exitPrice: fill.price, fees: entry.fee + fill.fee,
            pnl: gross - entry.fee - fill.fee)
        trades.append(trade)
        performance.recordTrade(trade)
    }
}
