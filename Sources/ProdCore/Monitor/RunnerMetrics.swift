import Foundation
import Metrics
import Synchronization

/// The runner's metrics (docs/metrics.md). Gauges and counters are brought up to date from the
/// engine at every commit; bars are counted as they are processed. With metrics disabled the
/// handles are swift-metrics' no-ops.
final class RunnerMetrics {
    private let instruments: [InstrumentID]
    private let databasePath: String
    private let equity = Gauge(label: MetricCatalog.equity)
    private let cash = Gauge(label: MetricCatalog.cash)
    private let realizedPnL = Gauge(label: MetricCatalog.realizedPnL)
    private let unrealizedPnL = Gauge(label: MetricCatalog.unrealizedPnL)
    private let drawdown = Gauge(label: MetricCatalog.drawdown)
    private let dayLoss = Gauge(label: MetricCatalog.dayLoss)
    private let dayLossLimit = Gauge(label: MetricCatalog.dayLossLimit)
    private let grossExposure = Gauge(label: MetricCatalog.grossExposure)
    private let openPositions = Gauge(label: MetricCatalog.openPositions)
    private let orders = Counter(label: MetricCatalog.orders)
    private let fills = Counter(label: MetricCatalog.fills)
    /// Every reason from the start (at 0), so a dashboard sees the series before the first reject.
    private let rejects = Dictionary(uniqueKeysWithValues: RejectReason.allCases.map { reason in
        (reason, Counter(label: MetricCatalog.orderRejects, dimensions: [("reason", reason.rawValue)]))
    })
    private let halted = Gauge(label: MetricCatalog.governorHalted)
    private let killSwitch = Gauge(label: MetricCatalog.killSwitch)
    private let safeMode = Gauge(label: MetricCatalog.safeMode)
    private let plansApplied = Counter(label: MetricCatalog.plansApplied)
    private let plansRejected = Counter(label: MetricCatalog.plansRejected)
    private let bars: [Counter]
    private let gaps = Counter(label: MetricCatalog.gaps)
    private let eventTime = Gauge(label: MetricCatalog.eventTime)
    private let commitDuration = Metrics.Timer(label: MetricCatalog.commitDuration)
    private let databaseSize = Gauge(label: MetricCatalog.databaseSize)
    private let databaseErrors = Counter(label: MetricCatalog.databaseErrors)
    private let decisionPoints = Counter(label: MetricCatalog.decisionPoints)
    private let brainConnected = Gauge(label: MetricCatalog.brainConnected)
    private let feedLag = Gauge(label: MetricCatalog.feedLag)
    private let reconnects = Counter(label: MetricCatalog.reconnects)
    private var reconnectsSeen = 0
    private let progress = FeedProgress()
    private var seen = HistoryCounts()
    private var realized = Money.zero

    init(instruments: [InstrumentID], databasePath: String) {
        self.instruments = instruments
        self.databasePath = databasePath
        bars = instruments.map { Counter(label: MetricCatalog.bars, dimensions: [("symbol", $0.symbol), ("market", $0.market.rawValue)]) }
    }

    /// A live feed's reconnections so far (replaying files never reconnects: the counter stays 0).
    func liveFeedReconnected(total: Int) {
        if total > reconnectsSeen { reconnects.increment(by: total - reconnectsSeen) }
        reconnectsSeen = max(reconnectsSeen, total)
    }

    /// At scrape time: how long the feed has been quiet.
    var refreshAtScrape: @Sendable () -> Void {
        { [progress, feedLag] in feedLag.record(progress.secondsSinceLastInput()) }
    }

    func processed(_ input: EngineInput) {
        progress.advance()
        if case .bar(let index, _) = input { bars[index].increment() }
    }

    func decisionPoint() { decisionPoints.increment() }

    func committed(after duration: Duration) {
        commitDuration.record(duration: duration)
        if let size = fileSize(atPath: databasePath) { databaseSize.record(size) }
    }

    func commitFailed() { databaseErrors.increment() }

    /// Brings the gauges and counters up to the engine's state (`history` is the engine's).
    func update(engine: TradingEngine, history: EngineHistory, drawdown ratio: Double, brainIsConnected: Bool) {
        orders.increment(by: history.orders.count - seen.orders)
        fills.increment(by: history.fills.count - seen.fills)
        for rejection in history.rejections[seen.rejections...] { rejects[rejection.reason]!.increment() }
        for trade in history.trades[seen.trades...] { realized = realized + trade.pnl }
        for event in history.governorEvents[(seen.governorEvents - history.governorEventsReleased)...] {
            switch event.kind {
            case .planApplied: plansApplied.increment()
            case .planRejected: plansRejected.increment()
            case .dataGapPause: gaps.increment()
            default: break
            }
        }
        seen = HistoryCounts(history)
        let portfolio = engine.currentPortfolio
        let governor = engine.governorState
        equity.record(portfolio.equity.doubleValue)
        cash.record(portfolio.cash.doubleValue)
        realizedPnL.record(realized.doubleValue)
        unrealizedPnL.record((portfolio.equity - portfolio.initialCash - realized).doubleValue)
        drawdown.record(ratio)
        dayLoss.record(governor.dayLoss.doubleValue)
        dayLossLimit.record(governor.dayLossLimit.doubleValue)
        grossExposure.record(portfolio.grossExposure().doubleValue)
        openPositions.record(engine.slotPositions.filter { $0.quantity.raw != 0 }.count)
        halted.record(governor.isHaltedForDay ? 1 : 0)
        killSwitch.record(governor.isKilled ? 1 : 0)
        safeMode.record(governor.isSafeMode ? 1 : 0)
        brainConnected.record(brainIsConnected ? 1 : 0)
        if let time = engine.lastEventTime { eventTime.record(Double(time) / 1000) }
    }
}

/// How many inputs the feed delivered, and when a scrape last saw that count move: the feed's
/// lag to within one scrape interval, with only an atomic add per bar on the runner's loop.
private final class FeedProgress: Sendable {
    private let inputs = Atomic<Int>(0)
    private let lastMove = Mutex<(count: Int, at: ContinuousClock.Instant)>((0, .now))

    func advance() { inputs.add(1, ordering: .relaxed) }

    func secondsSinceLastInput() -> Double {
        let count = inputs.load(ordering: .relaxed)
        let elapsed = lastMove.withLock { last in
            if last.count != count { last = (count, .now) }
            return ContinuousClock.now - last.at
        }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
