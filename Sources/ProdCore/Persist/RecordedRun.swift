/// An engine whose run is recorded in the database as it goes, started fresh or resumed from
/// the run's latest snapshot after a crash.
public struct RecordedRun {
    public private(set) var engine: TradingEngine
    private var recorder: RunRecorder
    public let run: Int64

    /// Creates the run's row and starts recording it.
    public static func start(
        store: RunStore, kind: String, settings: String, codeVersion: String, startedAt: String,
        config: EngineConfig, plan: Plan, recorder: RunRecorderProcess, batchSize: Int = 10_000, snapshotEvery: Int = 20
    ) throws -> RecordedRun {
        let engine = try TradingEngine(config: config, plan: plan)
        let run = try store.createRun(
            kind: kind, settings: settings, codeVersion: codeVersion, startedAt: startedAt, config: config, recorder: recorder)
        return RecordedRun(engine: engine, store: store, run: run, resuming: false, batchSize: batchSize, snapshotEvery: snapshotEvery)
    }

    /// Continues run `run` from its latest snapshot (from the start when it has none). The caller
    /// feeds the same inputs again, skipping the first `inputsDone`. A run whose recorder is still
    /// alive (`isAlive`) is refused: two processes must never write one run.
    public static func resume(
        store: RunStore, run: Int64, config: EngineConfig, plan: Plan, recorder: RunRecorderProcess,
        isAlive: (RunRecorderProcess) -> Bool, batchSize: Int = 10_000, snapshotEvery: Int = 20
    ) throws -> RecordedRun {
        guard let stored = try store.run(run) else { throw ResumeError("run \(run) is not in \(store.database.path)") }
        try checkResumable(stored, by: recorder, isAlive: isAlive)
        try store.setRecorder(run: run, recorder)
        let engine = if let snapshot = try store.snapshot(run: run) {
            try TradingEngine(config: config, snapshot: snapshot.state, history: try store.history(run: run))
        } else {
            try TradingEngine(config: config, plan: plan)
        }
        return RecordedRun(engine: engine, store: store, run: run, resuming: true, batchSize: batchSize, snapshotEvery: snapshotEvery)
    }

    /// Throws unless `run` may be resumed by `recorder`: not finished, and not still being
    /// recorded by another process that is alive.
    public static func checkResumable(
        _ run: StoredRun, by recorder: RunRecorderProcess, isAlive: (RunRecorderProcess) -> Bool
    ) throws(ResumeError) {
        guard !run.isFinished else { throw ResumeError("run \(run.id) already finished (digest \(run.digest ?? "?"))", alreadyFinished: true) }
        if let current = run.recorder, current != recorder, isAlive(current) {
            throw ResumeError("run \(run.id) is still being recorded by \(current); stop it first")
        }
    }

    private init(engine: TradingEngine, store: RunStore, run: Int64, resuming: Bool, batchSize: Int, snapshotEvery: Int) {
        self.engine = engine
        self.run = run
        recorder = RunRecorder(
            store: store, run: run, engine: engine, resuming: resuming, batchSize: batchSize, snapshotEvery: snapshotEvery)
    }

    /// Inputs already processed: a resumed run skips this many of its feed.
    public var inputsDone: Int64 { engine.processedInputs }

    /// Processes one input; returns whether it ended a batch (handed to the writer; `flush()`
    /// waits for its commit).
    @discardableResult
    public mutating func process(_ input: EngineInput) throws -> Bool {
        engine.process(input)
        return try recorder.processed(input, by: &engine)
    }

    /// Hands everything processed so far, mid-batch, to the writer; `flush()` waits for it. The
    /// runner publishes an acknowledgement or a fill only once its input is in the journal.
    /// `waiting`: the caller is about to wait for this commit, which then runs on its thread.
    public mutating func commit(waiting: Bool = false) throws {
        try recorder.commit(&engine, waiting: waiting)
    }

    /// The inputs committed so far, and each commit's wall time since the last call.
    public func takeCommits() -> (inputs: Int64, durations: [Duration]) {
        let commits = recorder.takeCommits()
        return (commits.inputs, commits.durations)
    }

    /// A live run journals its feed's inputs with its batches, numbered after the `stored` ones.
    public mutating func journalsLiveInputs(of instruments: [InstrumentID], after stored: Int) {
        recorder.journalsLiveInputs(of: instruments, after: stored)
    }

    /// An input the live feed handed out, stored with the next commit (before anything it causes is).
    public mutating func took(_ input: LiveInput) {
        recorder.took(input)
    }

    /// Lets the engine go of the plan records and governor events committed so far (a runner's
    /// memory stays flat however many plans it gets; the store keeps them).
    public mutating func releaseStoredPlanHistory() {
        engine.releaseStoredPlanHistory(plans: recorder.storedPlans, governorEvents: recorder.storedGovernorEvents)
    }

    /// Waits until every ended batch is committed.
    public func flush() throws {
        try recorder.flush()
    }

    /// Ends the run: commits the last batch and the final equity, marks the run finished with its
    /// digest (`stopped`: ended by a stop before its feed did).
    public mutating func finish(finishedAt: String, stopped: Bool = false) throws -> RunResult {
        let result = engine.finish()
        try recorder.commit(&engine, finishing: true)
        try recorder.flush()
        try recorder.store.finish(run: run, digest: result.digest, finishedAt: finishedAt, stopped: stopped)
        return result
    }
}

/// A run that cannot be resumed, and why.
public struct ResumeError: Error, CustomStringConvertible {
    public let description: String
    /// The run has nothing left to resume: it ended (with its digest) before.
    public let alreadyFinished: Bool
    /// The exit status of `prodcore-runner --resume` for such a run: nothing to do, nothing to retry.
    public static let alreadyFinishedExitStatus: Int32 = 3
    public init(_ description: String, alreadyFinished: Bool = false) {
        self.description = description
        self.alreadyFinished = alreadyFinished
    }
}
