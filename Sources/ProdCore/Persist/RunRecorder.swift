import Foundation

/// Persists a run while it goes: after every `batchSize` inputs it commits, in one transaction,
/// the journal of those inputs and everything the engine produced since the last commit, and
/// every `snapshotEvery` batches a snapshot of the engine. Transactions run on the writer's
/// thread while the engine goes on. A crash loses at most the batches not committed yet, which
/// the resumed run recomputes: `state = snapshot + replay(tail)`.
///
/// Batches end at fixed input sequence numbers (multiples of `batchSize`), so a resumed run
/// cuts the same batches and rewrites the same rows with the same values.
public struct RunRecorder {
    public let store: RunStore
    public let run: Int64
    public let batchSize: Int64
    public let snapshotEvery: Int64
    private let writer: BatchWriter
    private var committed: HistoryCounts
    /// How many plan records and governor events of the run are handed to the writer.
    var storedPlans: Int { committed.plans }
    var storedGovernorEvents: Int { committed.governorEvents }
    /// Set when the run was resumed: the first batch discards what the dead process left past the resumed state.
    private var truncation: RunTruncation?
    private var journal: [JournalEntry] = []
    /// A live run's feed inputs not handed to the writer yet, and the `seq` of the first of them.
    private var liveInputs: [LiveInput] = []
    private var liveInstruments: [InstrumentID] = []
    private var liveStored = 0
    private var bars: (sequence: Int64, time: Int64, count: Int, lastTime: Int64)?
    /// The bytes Foundation's `JSONEncoder` with `.sortedKeys` wrote for journaled plans and
    /// controls, which stored runs hold, written as fast as the wire's.
    private static let payloadEncoder = ByteJSONEncoder(foundationSortedKeys: true)

    /// Records `engine`'s run from where it is now: a new run's engine, or (`resuming`) one restored
    /// from the run's snapshot, or started again from scratch when the run has no snapshot yet.
    public init(
        store: RunStore, run: Int64, engine: TradingEngine, resuming: Bool = false, batchSize: Int = 10_000, snapshotEvery: Int = 20
    ) {
        precondition(batchSize > 0 && snapshotEvery > 0)
        self.store = store
        self.run = run
        self.batchSize = Int64(batchSize)
        self.snapshotEvery = Int64(snapshotEvery)
        writer = BatchWriter(store: store)
        // A restored engine's history was committed with its snapshot; one starting from the
        // first input (new, or resumed before any snapshot) writes everything, its start plan too.
        committed = engine.processedInputs > 0 ? HistoryCounts(engine.history) : HistoryCounts()
        truncation = resuming ? RunTruncation(resumedFrom: engine) : nil
        if engine.processedInputs == 0 {
            // The plan the run starts with, before any input (time 0).
            journal.append(JournalEntry(sequence: 0, time: 0, type: "plan", payload: Self.json(engine.plan)))
        }
    }

    /// A live run: its feed's inputs are journaled with the batches, numbered after the `stored` ones.
    public mutating func journalsLiveInputs(of instruments: [InstrumentID], after stored: Int) {
        liveInstruments = instruments
        liveStored = stored
    }

    /// An input the live feed handed out: it goes into the next batch, before or with anything it causes.
    public mutating func took(_ input: LiveInput) {
        liveInputs.append(input)
    }

    /// Notes an input the engine has just processed; commits when it ends a batch.
    /// Returns whether it committed.
    @discardableResult
    public mutating func processed(_ input: EngineInput, by engine: inout TradingEngine) throws -> Bool {
        let sequence = engine.processedInputs
        if case .bar(_, let bar) = input {
            if let open = bars {
                bars = (open.sequence, open.time, open.count + 1, bar.openTime)
            } else {
                bars = (sequence, bar.openTime, 1, bar.openTime)
            }
        } else {
            closeBarStretch()
            journal.append(JournalEntry(sequence: sequence, time: input.time, type: input.kind, payload: Self.payload(input)))
        }
        guard sequence % batchSize == 0 else { return false }
        try commit(&engine, finishing: false)
        return true
    }

    /// Hands what is not recorded yet to the writer. At the end of a run (`finishing`) no snapshot
    /// is taken: `finish()` changed the state, and a resumed run must finish from the state before it.
    ///
    /// A commit between batch boundaries (the runner's, at a decision point) stores the open bar
    /// stretch as it is so far and keeps it open: the next commit rewrites that row longer. So the
    /// journal's stretches end only at batch boundaries and other inputs, wherever the commits
    /// fell, and a resumed run (which commits at other points while it catches up) stores the
    /// same rows. `waiting`: the caller waits for this commit, which then runs on its thread.
    public mutating func commit(_ engine: inout TradingEngine, finishing: Bool = false, waiting: Bool = false) throws {
        let done = engine.processedInputs
        if finishing || done % batchSize == 0 {
            closeBarStretch()
        } else if let stretch = bars {
            journal.append(Self.entry(stretch))
        }
        let history = engine.history
        let takesSnapshot = !finishing && done % batchSize == 0 && (done / batchSize) % snapshotEvery == 0
        let batch = RunBatch(
            run: run, inputsDone: done, batches: Int((done + batchSize - 1) / batchSize),
            firstTime: engine.firstEventTime, lastTime: engine.lastEventTime, journal: journal,
            orders: NewRows(history.orders, from: committed.orders),
            rejections: NewRows(history.rejections, from: committed.rejections),
            fills: NewRows(history.fills, from: committed.fills), trades: NewRows(history.trades, from: committed.trades),
            governorEvents: NewRows(history.governorEvents, from: committed.governorEvents, released: history.governorEventsReleased),
            fundingPayments: NewRows(history.fundingPayments, from: committed.fundingPayments),
            plans: NewRows(history.plans, from: committed.plans, released: history.plansReleased),
            equity: engine.takeEquityPoints(), positions: engine.slotPositions,
            snapshot: takesSnapshot ? try engine.snapshot() : nil, truncation: truncation,
            live: liveInputs.isEmpty ? nil : LiveJournalRows(inputs: liveInputs, instruments: liveInstruments, after: liveStored))
        if waiting { try writer.commitAndWait(batch) } else { try writer.submit(batch) }
        liveStored += liveInputs.count
        liveInputs.removeAll(keepingCapacity: true)
        truncation = nil
        committed = HistoryCounts(history)
        journal.removeAll(keepingCapacity: true)
    }

    /// Waits until every batch handed over so far is committed.
    public func flush() throws {
        try writer.flush()
    }

    /// The inputs committed so far and the wall time of each commit since the last call.
    func takeCommits() -> BatchWriter.Commits {
        writer.takeCommits()
    }

    private mutating func closeBarStretch() {
        guard let stretch = bars else { return }
        journal.append(Self.entry(stretch))
        bars = nil
    }

    private static func entry(_ stretch: (sequence: Int64, time: Int64, count: Int, lastTime: Int64)) -> JournalEntry {
        JournalEntry(
            sequence: stretch.sequence, time: stretch.time, type: "bars",
            payload: "{\"count\":\(stretch.count),\"last_time\":\(stretch.lastTime)}")
    }

    /// Bars are journaled as stretches (`closeBarStretch`); every other input whole, as JSON.
    private static func payload(_ input: EngineInput) -> String {
        switch input {
        case .bar: preconditionFailure("bars are journaled as stretches")
        case .fundingRate(let instrument, _, let rate): "{\"instrument\":\(instrument),\"rate\":\"\(rate)\"}"
        case .plan(let plan, _): json(plan)
        case .control(let control, _): json(control)
        }
    }

    private static func json(_ value: some Encodable) -> String {
        // Plans and controls hold only strings, integers and finite numbers: encoding cannot fail.
        String(decoding: try! payloadEncoder.encode(value), as: UTF8.self)
    }
}
