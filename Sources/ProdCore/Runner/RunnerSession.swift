import Foundation

/// How the runner paces the feed against the brain.
public struct RunnerPacing: Sendable {
    public var mode: RunnerMode
    /// Free-running: event time runs this many times faster than wall time; `nil` = as fast as possible.
    public var speed: Double?

    public init(mode: RunnerMode, speed: Double?) {
        self.mode = mode
        self.speed = speed
    }
}

/// The runner's loop (ARCHITECTURE.md §1, §4): one thread owns the engine, the recorder and the
/// feed. Inputs are journaled before their effects are published: fills, orders and plan answers
/// go out only after the commit that holds them, so a `kill -9` loses nothing acknowledged.
///
/// Decision points are the multiples of the decision interval: the runner stops before the first
/// input at or after one, commits, publishes, sends a `snapshot`, and in lockstep waits for the
/// plan (or `no_change`) of that time. A plan answers a decision point whether applied or
/// rejected; the last good plan stays in force.
public final class RunnerSession {
    let config: RunnerConfig
    let pacing: RunnerPacing
    let store: RunStore
    let link: BrainLink
    let inbox: RunnerInbox
    let metrics: RunnerMetrics
    let log: EventLog
    var run: RecordedRun
    var feed: HistoricalFeed.Cursor
    /// A live run's inputs (the replay cursor is empty then).
    let live: LiveInputs?
    /// The feed's next input, taken from the cursor once and held until it is processed.
    var upcoming: EngineInput?
    /// Plans and controls a previous process of this run journaled, by sequence number: replayed
    /// there again so the tail after the snapshot is what it was.
    var journaled: [Int64: EngineInput]
    /// The sequence numbers of the plans and controls the restored snapshot covers: the feed did
    /// not deliver those inputs, so skipping to the snapshot takes no bar for them.
    var notFromTheFeed: Set<Int64>
    var features: FeatureTracker
    var answers = RecentPlanAnswers()
    var lastAppliedPlanId: String?
    var nextDecision: Int64?
    var pendingDecision: Int64?
    var paused = false
    var stopRequested = false
    var finished = false
    var lastBrainContact = ContinuousClock.now
    /// Inputs whose commit finished, and inputs handed to the writer.
    var committedSeq: Int64
    var submittedSeq: Int64
    /// Inputs not from the feed (plans, controls) were processed since the last wait for the writer.
    var holdsInputsOnlyTheStoreHas = false
    var publishedFills: Int
    var publishedOrders: Int
    var lastCommitMicroseconds: Int64?
    /// The answer to the plan just applied, sent by the next commit as soon as it is on disk (in
    /// lockstep the commit after the next input).
    var answerAfterCommit: RunnerMessage.PlanAnswer?
    /// Governor events (plans applied and rejected, safe mode, halts, pauses) logged so far, of the whole run.
    var loggedGovernorEvents = 0
    var pace: (wall: ContinuousClock.Instant, event: Int64)?
    /// The database's log as it was when the session started: a run whose log is deleted stops.
    var writeAheadLog: WriteAheadLogWatch
    /// Checkpoints beside the commits, and learns whether the database file still takes writes
    /// (SQLite's automatic checkpoints fail silently).
    let checkpointer: LogCheckpointer
    /// Decision points since the last commit whose commit was left for a later one (`mayDeferCommit`).
    var decisionPointsNotCommitted = 0
    /// What went wrong at start-up but did not stop the runner (a busy metrics port): told to
    /// every brain that connects, since the brain is where a person reads.
    var startWarnings: [String] = []
    let reportsFolder: String
    var liveWatch = LiveFeedWatch()

    init(
        config: RunnerConfig, pacing: RunnerPacing, store: RunStore, run: RecordedRun, feed: HistoricalFeed, live: LiveInputs? = nil,
        notFromTheFeed: Set<Int64>, journaled: [Int64: EngineInput], committedSeq: Int64, reportsFolder: String, link: BrainLink, inbox: RunnerInbox,
        metrics: RunnerMetrics, log: EventLog
    ) throws {
        self.config = config
        self.pacing = pacing
        self.store = store
        self.run = run
        if let live { self.run.journalsLiveInputs(of: live.feed.settings.instruments, after: live.storedCount) }
        self.feed = HistoricalFeed.Cursor(feed)
        self.live = live
        self.journaled = journaled
        self.notFromTheFeed = notFromTheFeed
        self.committedSeq = committedSeq
        submittedSeq = committedSeq
        self.reportsFolder = reportsFolder
        self.link = link
        self.inbox = inbox
        self.metrics = metrics
        self.log = log
        log.setRun(run.run)
        writeAheadLog = WriteAheadLogWatch(database: store.database.path)
        checkpointer = try LogCheckpointer(database: store.database)
        // The run's row was just written, so the log exists: note it before a deletion can hide it.
        try? writeAheadLog.check()
        features = FeatureTracker(instruments: run.engine.config.instruments.map(\.id), interval: config.decisionInterval)
        let history = run.engine.history
        publishedFills = history.fills.count
        publishedOrders = history.orders.count
        // The plans released from memory are in the store: a re-sent id of theirs is looked up there.
        for id in try store.planIds(run: run.run) { answers.noteRecorded(id) }
        for record in history.plans { remember(record) }
    }

    public var runId: Int64 { run.run }

    /// Runs until the feed ends or the brain (or a signal) says stop; returns how the run ended.
    public func serve() throws -> RunnerMessage.Finished {
        try catchUp()
        while !stopRequested {
            drainInbox(until: nil)
            checkBrainSilence()
            if stopRequested { break }
            if paused {
                drainInbox(until: .now + .milliseconds(100))
                continue
            }
            guard let input = upcomingInput() else {
                if feedHasEnded { break }
                // Live: the next minute has not closed yet; the feed wakes the inbox when it has.
                // What was processed is committed (and its fills published) while it waits, so
                // the next bar finds nothing left to write before its decision point.
                if run.engine.processedInputs > submittedSeq { try commitAndPublish() }
                watchLiveFeed()
                drainInbox(until: .now + .milliseconds(250))
                continue
            }
            if let decision = decisionDue(before: input) {
                try decide(at: decision)
                liveWatch.upcomingOpenedDecision = true
                continue
            }
            if let speed = pacing.speed, pacing.mode == .freeRunning { waitForPace(of: input, speed: speed) }
            if paused || stopRequested { continue }
            upcoming = nil
            try process(input)
            liveBarProcessed()
            if answerAfterCommit != nil { try commitAndPublish() }
        }
        return try finish(stopped: stopRequested)
    }

    /// Replays what a previous process of this run committed but the snapshot does not cover.
    private func catchUp() throws {
        var skipped: Int64 = 0
        let restored = run.engine.processedInputs
        while skipped < restored {
            skipped += 1
            if !notFromTheFeed.contains(skipped) { features.observe(nextFromFeed()!) }
        }
        while run.engine.processedInputs < committedSeq {
            let sequence = run.engine.processedInputs + 1
            let input = journaled[sequence] ?? nextFromFeed()!
            features.observe(input)
            try run.process(input)
        }
        journaled = [:]
        notFromTheFeed = []
        // The plans replayed here were answered before the restart: a re-sent id gets that answer again.
        for record in run.engine.history.plans { remember(record) }
        // Everything committed was published before the restart, or is sent again on `hello` (`last_fill_seen`).
        publishedFills = run.engine.history.fills.count
        publishedOrders = run.engine.history.orders.count
        if let last = run.engine.lastEventTime { nextDecision = config.decisionInterval.bucketStart(of: last) + config.decisionInterval.milliseconds }
        if run.engine.processedInputs > 0 {
            log("run_resumed", "resumed run \(runId) at input \(committedSeq) (snapshot at \(restored))", ["input": "\(committedSeq)", "snapshot": "\(restored)"])
        } else {
            log("run_started", "run \(runId) started")
        }
        loggedGovernorEvents = run.engine.history.governorEventsReleased + run.engine.history.governorEvents.count
    }

    /// The decision point to hold before `input`, if one is due.
    private func decisionDue(before input: EngineInput) -> Int64? {
        let interval = config.decisionInterval
        guard let next = nextDecision else { return interval.bucketStart(of: input.time) }
        return input.time >= next ? interval.bucketStart(of: input.time) : nil
    }

    private func decide(at time: Int64) throws {
        nextDecision = time + config.decisionInterval.milliseconds
        metrics.decisionPoint()
        // The last commit finishes before this decision point's starts: a runner killed while the
        // brain decides resumes at most `WireProtocol.decisionPointsPerCommit` decision points
        // back, which the brain remembers (`RecentDecisions`).
        try waitForCommits()
        try commitAndPublish(atDecisionPoint: true)
        link.send(.snapshot(DecisionSnapshot(decisionTime: time, symbols: features.features, status: status(pendingDecision: time))))
        guard pacing.mode == .lockstep else { return }
        pendingDecision = time
        var deadline = ContinuousClock.now + config.lockstepTimeout
        while pendingDecision != nil && !stopRequested {
            drainInbox(until: min(deadline, .now + .milliseconds(100)))
            guard link.isConnected else {
                // No brain: the run holds here until one (re)attaches or a stop comes. Nothing
                // happens in a replay's market time meanwhile; the timeout counts from its arrival.
                deadline = .now + config.lockstepTimeout
                continue
            }
            checkBrainSilence()
            if pendingDecision != nil && ContinuousClock.now >= deadline {
                pendingDecision = nil
                try enterSafeMode("no plan for the decision point \(UTCTimestamp.iso8601(time)) within the lockstep timeout", at: time)
            }
        }
    }

    /// The brain's connection closed (it exited or died). Free-running, the feed goes on: safe
    /// mode at once, no new entries until a brain reattaches and a plan is applied. In lockstep
    /// the run holds at the next decision point instead (see `decide`).
    func brainLost() {
        guard pacing.mode == .freeRunning else {
            return log("brain_disconnected", "brain disconnected: holding at the next decision point until a brain attaches or a stop", level: .warning)
        }
        do {
            try enterSafeMode("the brain disconnected", at: currentTime)
        } catch {
            fail(error)
        }
    }

    func process(_ input: EngineInput) throws {
        features.observe(input)
        metrics.processed(input)
        try run.process(input)
        // A plan or control may come from the wall clock (a timeout's safe mode): a replay would
        // not make it again, so it is on disk before anything that follows is told.
        if case .bar = input {} else { holdsInputsOnlyTheStoreHas = true }
    }

    /// Commits what is processed, then publishes the fills and orders it holds. At a decision
    /// point that brings only replayed bars the commit may wait for the next decision points
    /// (`mayDeferCommit`).
    func commitAndPublish(atDecisionPoint: Bool = false) throws {
        watchLiveFeed()
        if atDecisionPoint && mayDeferCommit {
            decisionPointsNotCommitted += 1
        } else if run.engine.processedInputs > submittedSeq {
            decisionPointsNotCommitted = 0
            do {
                try run.commit(waiting: holdsWhatIsToldAfterItsCommit)
                try writeAheadLog.check()
                try checkpointer.committed()
            } catch {
                metrics.commitFailed()
                throw error
            }
            submittedSeq = run.engine.processedInputs
        }
        // Orders, fills, a plan's answer and what follows a plan or control are told only once
        // their commit is on disk (nothing the brain heard of is lost to a kill): the runner
        // waits for it then. With none of them (most decision points) the commit finishes on the
        // writer's thread while the brain decides: a snapshot of bars is state a resumed run
        // computes again from the same bars.
        let history = run.engine.history
        if holdsWhatIsToldAfterItsCommit { try waitForCommits() }
        noteCommits()
        for index in publishedOrders..<history.orders.count { link.send(.order(.init(index: index, order: history.orders[index]))) }
        for index in publishedFills..<history.fills.count { link.send(.fill(.init(index: index, fill: history.fills[index]))) }
        if history.fills.count > publishedFills, let time = run.engine.lastEventTime {
            link.send(.equity(.init(time: time, equity: run.engine.currentPortfolio.equity, drawdown: drawdown)))
        }
        publishedOrders = history.orders.count
        publishedFills = history.fills.count
        if let answer = answerAfterCommit {
            answerAfterCommit = nil
            link.send(.ack(answer))
        }
        logGovernorEvents(history)
        metrics.update(engine: run.engine, history: history, drawdown: drawdown, brainIsConnected: link.isConnected)
        run.releaseStoredPlanHistory()
    }

    /// Whether this decision point's commit can go with a later one's: its inputs are bars of a
    /// replayed feed, which a resumed run reads again from the same files, and nothing in it is
    /// told to the brain or the log (no order, fill, plan answer or governor event). The SQLite
    /// transaction was a third of a lockstep replay's time when every decision point committed
    /// (DEVELOPERS.md, "The main job"). A live feed's bars are journaled by the commit: never deferred.
    private var mayDeferCommit: Bool {
        let history = run.engine.history
        return live == nil && decisionPointsNotCommitted + 1 < WireProtocol.decisionPointsPerCommit && !holdsWhatIsToldAfterItsCommit
            && loggedGovernorEvents == history.governorEventsReleased + history.governorEvents.count
    }

    /// Inputs a replay could not make again (plans, controls), or orders, fills or a plan's answer
    /// not told yet: the brain hears of them only once their commit is on disk.
    private var holdsWhatIsToldAfterItsCommit: Bool {
        let history = run.engine.history
        return holdsInputsOnlyTheStoreHas || answerAfterCommit != nil || history.orders.count > publishedOrders
            || history.fills.count > publishedFills
    }

    /// Waits until everything handed to the writer is committed.
    func waitForCommits() throws {
        do {
            try run.flush()
        } catch {
            metrics.commitFailed()
            throw error
        }
        holdsInputsOnlyTheStoreHas = false
    }

    /// What the writer committed since the last look: the status' `committed_seq` and commit time.
    func noteCommits() {
        let commits = run.takeCommits()
        for duration in commits.durations { metrics.committed(after: duration) }
        if let last = commits.durations.last {
            lastCommitMicroseconds = last.components.seconds * 1_000_000 + last.components.attoseconds / 1_000_000_000_000
        }
        committedSeq = max(committedSeq, commits.inputs)
    }

    /// Governor events logged at warning level: trading is held back.
    private static let eventsThatHoldBack: Set<GovernorEvent.Kind> = [.dailyLossHalt, .dataGapPause, .badBarPause, .killSwitch, .safeModeEntered, .planRejected]

    /// Each governor event once, when it is committed: under its own name (`plan_applied`,
    /// `safe_mode_entered`…), at warning level when it holds trading back.
    private func logGovernorEvents(_ history: EngineHistory) {
        let start = loggedGovernorEvents - history.governorEventsReleased
        guard start < history.governorEvents.count else { return }
        for event in history.governorEvents[max(0, start)...] {
            let firstLine = event.detail.prefix { $0 != "\n" }
            log(
                event.kind.rawValue, "governor \(event.kind.rawValue) at \(UTCTimestamp.iso8601(event.time)): \(firstLine.prefix(200))",
                level: Self.eventsThatHoldBack.contains(event.kind) ? .warning : .info,
                ["event_time": UTCTimestamp.iso8601(event.time), "detail": event.detail])
        }
        loggedGovernorEvents = history.governorEventsReleased + history.governorEvents.count
    }

    private func waitForPace(of input: EngineInput, speed: Double) {
        guard let pace else {
            self.pace = (.now, input.time)
            return
        }
        let due = pace.wall + .milliseconds(Int64(Double(input.time - pace.event) / speed))
        while ContinuousClock.now < due && !paused && !stopRequested { drainInbox(until: due) }
        if paused { self.pace = nil }
    }

    /// No word from the brain for the heartbeat timeout (while connected, or since it left): safe mode.
    private func checkBrainSilence() {
        guard !run.engine.governorState.isSafeMode, ContinuousClock.now - lastBrainContact > config.heartbeatTimeout else { return }
        do {
            try enterSafeMode("no message from the brain for \(config.heartbeatTimeout)", at: currentTime)
        } catch {
            fail(error)
        }
    }

    func enterSafeMode(_ reason: String, at time: Int64) throws {
        guard !run.engine.governorState.isSafeMode else { return }
        try process(.control(.enterSafeMode(reason: reason), time: time))
        try commitAndPublish()
        link.send(.alert(.init(level: .critical, code: "safe_mode_entered", message: reason, time: time)))
    }

    /// The event time a plan or control arriving now takes effect at: the pending decision point,
    /// else the last input's time, else the first input's.
    var currentTime: Int64 {
        pendingDecision ?? run.engine.lastEventTime ?? upcomingInput()?.time ?? 0
    }

    func upcomingInput() -> EngineInput? {
        if upcoming == nil { upcoming = nextFromFeed() }
        return upcoming
    }

    /// The feed's next input; `nil` when it ended or (live) the next minute has not closed yet.
    private func nextFromFeed() -> EngineInput? {
        guard let live else { return feed.next() }
        let input = live.next()
        // A live run's inputs are its journal of the market: stored with the next commit, in the
        // same transaction as anything they caused.
        if let taken = live.lastTaken { run.took(taken) }
        if input != nil { liveBarTaken(live.lastFromFeed, current: live.lastWasCurrent) }
        return input
    }

    private var feedHasEnded: Bool { live?.hasEnded ?? true }

    /// A live run's `feed.json`: what its feed did since this runner started (the network is
    /// closed first, so the numbers are final).
    private func liveFeedFiles() throws -> [(name: String, bytes: [UInt8])] {
        guard let live else { return [] }
        let feed = live.feed
        try BlockingAsync.run { await feed.stop() }
        var report = feed.report
        report.latency = liveLatency
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return [("feed.json", Array(try encoder.encode(report)))]
    }

    var drawdown: Double {
        let peak = run.engine.peakEquity
        return peak > 0 ? max(0, 1 - run.engine.currentPortfolio.equity.doubleValue / peak) : 0
    }

    /// Errors inside message handling stop the run: the loop rethrows them at `finish`.
    var failure: (any Error)?

    func fail(_ error: any Error) {
        failure = failure ?? error
        stopRequested = true
    }

    /// Ends the run (the feed ended, or `stopped` before it did): commits, exports the report and
    /// tells the brain, which learns the digest and the numbers from this message only.
    private func finish(stopped: Bool) throws -> RunnerMessage.Finished {
        if let failure { throw failure }
        let result = try run.finish(finishedAt: RunStamp.now(), stopped: stopped)
        try writeAheadLog.check()
        committedSeq = run.engine.processedInputs
        finished = true
        try commitAndPublish()
        let folder: String
        do {
            folder = try ReportExporter(store: store, reportsFolder: reportsFolder).export(run: runId, extra: try liveFeedFiles())
        } catch {
            throw RunnerError("\(error); the run itself finished and is stored (digest \(result.digest)): `brain report export \(runId)` writes the report once the cause is fixed")
        }
        let summary = RunnerMessage.Finished(
            runId: runId, state: stopped ? .stopped : .finished, digest: result.digest, reportFolder: folder,
            figures: result.figures, inputs: committedSeq)
        log(
            "run_\(summary.state.rawValue)", "run \(runId) \(summary.state.rawValue): digest \(result.digest), report \(folder)",
            ["digest": result.digest, "report": folder])
        link.send(.status(status(pendingDecision: nil)))
        // The process exits next: the brain must get this before the connection goes.
        link.sendAndWait(.finished(summary))
        return summary
    }
}
