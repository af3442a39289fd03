import Foundation
import Logging
import Synchronization
import WSClient

/// The runner's live market feed: Binance's public REST and WebSocket kline data of the run's
/// instruments, settled by `LiveBarAssembler` into closed 1m bars, and the published funding rates
/// of its perpetuals (`LiveFundingSchedule`), in the engine's input order (ARCHITECTURE.md §7).
/// Network work runs on its own tasks; the runner's loop takes settled inputs with `poll()`.
///
/// * Start: from `start` (a past time backfills from there) or the exchange's current minute.
/// * The stream delivers closed klines as they close; REST fills every hole: a minute the stream
///   skipped, everything missed while disconnected or restarted, a stream gone quiet.
/// * Reconnects back off exponentially with jitter; a stream that sends no frame for
///   `zombieAfter` of exchange time is dropped and reopened.
/// * With `until`, the feed ends once every instrument has settled the minute before it.
public final class LiveFeed: Sendable {
    public struct Settings: Sendable {
        public var endpoints: LiveEndpoints
        public var instruments: [InstrumentID]
        /// First minute (exchange time, ms); `nil` = the exchange's current minute.
        public var start: Int64?
        /// Bars open before this (exchange time, ms) end the feed; `nil` = run until stopped.
        public var until: Int64?
        /// Each instrument's last stored bar, when a restarted runner continues a live run.
        public var resumeAfter: [Int64]?
        /// Per USDT-M instrument, the time after which its funding times are settled: its last
        /// stored rate or bar, when a restarted runner continues; `nil` = after the first minute.
        public var fundingAfter: [Int: Int64]?
        /// The instruments as configured (`configs/symbols.yaml`): their filters are compared with
        /// the exchange's at start; empty = no comparison.
        public var configured: [Instrument] = []
        /// Exchange time a closed minute may take to reach the stream before REST is asked for it.
        public var streamGraceMilliseconds: Int64 = 15_000
        /// Exchange time without a stream frame after which the connection counts as dead, and
        /// the wall time it must also have lasted (a fake exchange running 1,000× faster than
        /// the wall clock would otherwise see a zombie in every scheduling hiccup).
        public var zombieAfterMilliseconds: Int64 = 120_000
        public var zombieAfterWall: Duration = .seconds(2)
        /// Exchange time after which a stream connection is replaced (make-before-break), before
        /// Binance's 24-hour cut-off.
        public var rotateAfterMilliseconds: Int64 = 23 * 3_600_000
        /// Exchange time after a funding time when its rate is asked for, and after which a rate
        /// still not published counts as missing (the bars behind it wait until then).
        public var fundingGraceMilliseconds: Int64 = 5_000
        public var fundingMissingAfterMilliseconds: Int64 = 300_000

        public init(endpoints: LiveEndpoints, instruments: [InstrumentID]) {
            self.endpoints = endpoints
            self.instruments = instruments
        }
    }

    /// What the feed did, for `feed.json`, the metrics and the soak.
    public struct Report: Sendable, Equatable, Codable {
        public var bars: LiveBarAssembler.Counts
        public var funding = LiveFundingSchedule.Counts()
        /// Where the exchange's next funding time is off the 8-hour grid the run settles on.
        public var fundingScheduleDifferences: [String] = []
        public var reconnects = 0
        /// Connections replaced before their lifetime ran out, the new one delivering first.
        public var rotations = 0
        public var zombies = 0
        /// Where the exchange's filters differ from the symbols file (checked at start).
        public var filterDifferences: [String] = []
        public var backfillRequests = 0
        public var malformedMessages = 0
        public var restFailures = 0
        public var tooManyRequests = 0
        public var bans = 0
        public var weightSpent = 0
        /// Bars REST returned, and the wall seconds the requests took.
        public var backfilledBars = 0
        public var backfillSeconds = 0.0
        /// Microseconds from a streamed kline's decoding to the engine having processed it (its
        /// fills decided), for streamed bars that arrived with no backlog before them, and for
        /// those of them that opened a decision point (which includes the brain's answer); filled
        /// in by the runner.
        public var latency: LatencySummary?
    }

    public struct LatencySummary: Sendable, Equatable, Codable {
        public var streamedBars: Percentiles
        public var decisionBars: Percentiles
    }

    public struct Percentiles: Sendable, Equatable, Codable {
        public var count: Int
        public var p50: Int
        public var p99: Int
        public var max: Int

        public init(_ values: [Int]) {
            let sorted = values.sorted()
            count = sorted.count
            func at(_ fraction: Double) -> Int { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] }
            p50 = at(0.5)
            p99 = at(0.99)
            max = sorted.last ?? 0
        }
    }

    public enum Poll: Sendable {
        case inputs([LiveInput])
        case pending
        case ended
    }

    struct State: Sendable {
        var assembler: LiveBarAssembler?
        var funding = LiveFundingSchedule(after: [:])
        var report = Report(bars: .init())
        var lastFrame: [Market: (exchange: Int64, wall: ContinuousClock.Instant)] = [:]
        /// Connections are numbered per market; the newest that delivered a frame is the active one.
        var nextGeneration: [Market: Int] = [:]
        var activeGeneration: [Market: Int] = [:]
        var notes: [String] = []
    }

    let settings: Settings
    let rest: BinanceREST
    let budget = RequestWeightBudget()
    let clock = ExchangeClock()
    let state = Mutex(State())
    private let tasks = Mutex<[Task<Void, Never>]>([])
    /// Markets whose stream is being replaced by a rotation (not a reconnect).
    let rotationPending = Mutex<Set<Market>>([])
    /// Called (from a network task) whenever bars may have become ready: the runner's loop wakes.
    let onBarsSettled: @Sendable () -> Void
    /// The local wall clock (ms): when a bar arrived (`received_at` in bars.csv) and the request
    /// budget's minutes; never a bar's time.
    static func wallMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }

    public init(_ settings: Settings, onBarsSettled: @escaping @Sendable () -> Void = {}) throws(LiveFeedError) {
        if let (field, problem) = settings.endpoints.validate() { throw .refusedEndpoint("\(field): \(problem)") }
        self.settings = settings
        self.onBarsSettled = onBarsSettled
        rest = BinanceREST(endpoints: settings.endpoints, budget: budget)
    }

    /// Starts the network tasks: asks the exchange's time first (so the first minute is the
    /// exchange's, not the local clock's), then streams and backfills.
    public func start() async throws {
        let market = settings.instruments.first?.market ?? .spot
        let sent = ContinuousClock.now
        do {
            clock.record(serverTime: try await rest.serverTime(market), sentAt: sent)
        } catch {
            await rest.shutdown()
            throw error
        }
        await compareFilters()
        await checkFundingSchedule()
        let count = settings.instruments.count
        let assembler = settings.resumeAfter.map { LiveBarAssembler(instruments: count, resumingAfter: $0) }
            ?? LiveBarAssembler(instruments: count, start: settings.start ?? clock.now())
        let firstMinute = assembler.next.min() ?? 0
        let perpetuals = settings.instruments.indices.filter { settings.instruments[$0].market == .usdm }
        let fundingAfter = settings.fundingAfter ?? Dictionary(uniqueKeysWithValues: perpetuals.map { ($0, firstMinute) })
        state.withLock { state in
            state.assembler = assembler
            state.funding = LiveFundingSchedule(after: fundingAfter)
        }
        var started: [Task<Void, Never>] = []
        for market in [Market.spot, .usdm] where settings.instruments.contains(where: { $0.market == market }) {
            started.append(Task { await self.streamForever(market) })
        }
        started.append(Task { await self.backfillForever() })
        tasks.withLock { $0 = started }
    }

    /// Keeps a task started later (a rotation's new connection) so `stop()` ends it too.
    func track(_ task: Task<Void, Never>) {
        tasks.withLock { $0.append(task) }
    }

    public func stop() async {
        let running = tasks.withLock { tasks in
            defer { tasks = [] }
            return tasks
        }
        running.forEach { $0.cancel() }
        for task in running { await task.value }
        await rest.shutdown()
    }

    /// Settled inputs not taken yet, `pending` when none is ready, `ended` past `until`. A funding
    /// rate comes before the bars opening at its time, as in a replay (`HistoricalFeed`).
    public func poll() -> Poll {
        state.withLock { state in
            guard var assembler = state.assembler else { return .pending }
            var bars = assembler.takeReady(before: state.funding.hold ?? .max)
            // Rates at or after `until` are never asked for (`settleDueFunding`).
            let rates = state.funding.take(through: assembler.next.min() ?? .min)
            if let until = settings.until { bars.removeAll { $0.bar.openTime >= until } }
            state.notes += assembler.takeNotes() + state.funding.takeNotes()
            state.assembler = assembler
            state.report.bars = assembler.counts
            state.report.funding = state.funding.counts
            if !bars.isEmpty || !rates.isEmpty { return .inputs(Self.inputOrder(bars, rates)) }
            if let until = settings.until, assembler.next.allSatisfy({ $0 >= until }) { return .ended }
            return .pending
        }
    }

    /// Bars and rates merged by time, a rate before the bars opening at its time.
    static func inputOrder(_ bars: [LiveBar], _ rates: [LiveFundingRate]) -> [LiveInput] {
        var inputs: [LiveInput] = []
        inputs.reserveCapacity(bars.count + rates.count)
        var rateIndex = 0
        for bar in bars {
            while rateIndex < rates.count && rates[rateIndex].time <= bar.bar.openTime {
                inputs.append(.funding(rates[rateIndex]))
                rateIndex += 1
            }
            inputs.append(.bar(bar))
        }
        return inputs + rates[rateIndex...].map { .funding($0) }
    }

    public var report: Report {
        let budget = budget.snapshot
        return state.withLock { state in
            var report = state.report
            report.tooManyRequests = budget.tooManyRequests
            report.bans = budget.bans
            report.weightSpent = budget.weightSpent
            return report
        }
    }

    /// What went wrong or looked odd since the last call (conflicts, gaps, reconnects), for the log.
    public func takeNotes() -> [String] {
        state.withLock { state in
            defer { state.notes = [] }
            return state.notes
        }
    }

    /// The exchange's filters against the symbols file; a difference is reported and logged (the
    /// session goes on: the file is the human-owned truth until a person changes it).
    private func compareFilters() async {
        var differences: [String] = []
        for market in [Market.spot, .usdm] {
            let configured = settings.configured.filter { $0.market == market }
            guard !configured.isEmpty else { continue }
            do {
                let listed = try await rest.exchangeFilters(market, symbols: configured.map(\.symbol))
                for instrument in configured { differences += BinanceExchangeInfo.differences(instrument, exchange: listed[instrument.symbol]) }
            } catch {
                note("\(market) exchangeInfo: \(error); filters not compared")
            }
        }
        state.withLock { state in
            state.report.filterDifferences = differences
            state.notes += differences
        }
    }

    /// The exchange's time, asked once (a new live run's first minute).
    public static func serverTime(_ endpoints: LiveEndpoints, market: Market) throws -> Int64 {
        let rest = BinanceREST(endpoints: endpoints, budget: RequestWeightBudget())
        return try BlockingAsync.run {
            let result: Result<Int64, any Error>
            do { result = .success(try await rest.serverTime(market)) } catch { result = .failure(error) }
            await rest.shutdown()
            return try result.get()
        }
    }

    func note(_ text: String) { state.withLock { $0.notes.append(text) } }
}
