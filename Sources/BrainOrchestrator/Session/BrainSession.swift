import AgentTools
import Foundation
import ProdCore

/// The brain loop (ARCHITECTURE.md §1): connects to the runner the supervisor started, answers
/// every decision point with the BrainAgent's plan, books fills into the agents' scores, reloads
/// the enable map, restarts a crashed runner, and stops the run on request.
public final class BrainSession: @unchecked Sendable {
    public struct Options: Sendable {
        /// Lockstep: every decision point waits for the brain. Otherwise plans apply on arrival.
        public var lockstep = true
        /// Wall time after which the run is stopped.
        public var duration: Duration?
        public var statusFile: String?
        public var databaseFile: String?
        /// The runner's reports folder: a run that ended unseen gets its report there.
        public var reportsFolder: String?
        /// Where the agents' journals go (`storage/brain`): a brain that takes over a run replays it.
        public var journalFolder: String?
        /// Tests: what happens to the run at given decision points (`ScenarioHarness`).
        public var harness: (any SessionHarness)?
        /// The command of one research cycle (`brain research run …`); with research.every_hours
        /// in the brain's config, the session starts it on that schedule.
        public var researchCommand: [String]?
        public init() {}
    }

    /// How a run ended.
    public struct Result: Sendable {
        /// What the runner said at the end: state (finished or stopped), digest, report, numbers.
        public var summary: RunnerMessage.Finished
        public var runId: Int64 { summary.runId }
        public var digest: String { summary.digest }
        public var reportFolder: String { summary.reportFolder }
        public var decisions: Int
        public var plansSent: Int
        public var plansRejected: Int
        public var restarts: Int
        /// Wall time the agents took per decision point, in microseconds, in order.
        public var agentMicroseconds: [Double]
        /// The decision time of each decision point, by number (answered or left silent).
        public var decisionTimes: [Int64]
        public var alerts: [BrainAlert]
    }

    let config: BrainConfig
    let options: Options
    let supervisor: RunnerSupervisor
    let watcher: EnableMapWatcher
    let hardLimits: GovernanceLimits
    let log: EventLog
    let progress: @Sendable (DecisionSnapshot) -> Void
    private let telemetry: Telemetry?
    let metrics: BrainMetrics
    var brain: JournaledBrain
    private let stopLock = NSLock()
    private var stopReason: String?
    private var stopSent = false
    private var lastFillSeen = -1
    private var decisions = 0
    private var recentDecisions = RecentDecisions()
    private var sentPlan: Plan?
    private var plansSent = 0
    private var plansRejected = 0
    private var haltSent = false
    var restarts: [ContinuousClock.Instant] = []
    var restartCount = 0
    private var agentMicroseconds: [Double] = []
    private var alerts: [BrainAlert] = []
    private var alertHistory = AlertHistory()
    private var lastRunnerMessage = ContinuousClock.now
    private var lastStatusWrite: ContinuousClock.Instant?
    /// The database's size and when it was read: once a second, not at every decision point (a
    /// `stat` each was 3 % of the brain's time in a replay); the Monitor watches it grow over hours.
    private var databaseSize: (bytes: Int64?, readAt: ContinuousClock.Instant)?
    private var status: RunnerStatus?
    private var lastSent = ContinuousClock.now
    /// What the runner said when it failed (`alert run_failed`), just before it exited.
    private var runnerFailure: String?
    /// The ResearchAgent's cycles, when scheduled.
    var research: ResearchCycles?
    /// Whether the runner waits for every decision point; from its `welcome`.
    private var lockstep: Bool
    private var decisionTimes: [Int64] = []

    public init(
        config: BrainConfig, options: Options, supervisor: RunnerSupervisor, watcher: EnableMapWatcher,
        hardLimits: GovernanceLimits, telemetry: Telemetry?, log: EventLog,
        progress: @escaping @Sendable (DecisionSnapshot) -> Void
    ) {
        self.config = config
        self.options = options
        self.supervisor = supervisor
        self.watcher = watcher
        self.hardLimits = hardLimits
        self.log = log
        self.progress = progress
        self.telemetry = telemetry
        metrics = BrainMetrics(haltDrawdown: config.health.haltDrawdown)
        lockstep = options.lockstep
        brain = JournaledBrain(config: config)
    }

    /// Asks the run to end: the runner commits, exports its report and exits; thread-safe.
    public func requestStop(_ reason: String) {
        stopLock.withLock { if stopReason == nil { stopReason = reason } }
    }

    private var stopRequested: String? { stopLock.withLock { stopReason } }

    /// Runs until the runner finishes its run; on an error the runner is terminated.
    public func run() throws -> Result {
        defer { telemetry?.shutdown() }
        defer { research?.stop(log: log, metrics: metrics) }
        do {
            let result = try runToTheEnd()
            let ended = result.summary
            log(
                "session_ended", "run \(ended.runId) \(ended.state.rawValue): digest \(ended.digest)",
                ["state": ended.state.rawValue, "digest": ended.digest, "report": ended.reportFolder, "restarts": "\(restartCount)"])
            return result
        } catch {
            supervisor.terminate()
            metrics.runner(up: false)
            log("session_failed", "\(error)", level: .error, console: false)
            throw error
        }
    }

    private func runToTheEnd() throws -> Result {
        let started = ContinuousClock.now
        log("session_started", "brain \(getpid()) starts its runner", ["runner": supervisor.executable])
        var client = try startRunner()
        watcher.startTimer()
        defer { watcher.stopTimer() }
        var ended: RunnerMessage.Finished?
        while ended == nil {
            guard let connected = client else {
                ended = try storedEnding()
                break
            }
            do {
                ended = try serve(connected, started: started)
            } catch let error as RunnerError {
                // The runner said why it stops (a full disk, a damaged database): restarting it
                // would fail the same way, so the cause is the brain's error.
                if let failure = runnerFailure {
                    _ = supervisor.waitForExit(timeout: .seconds(5))
                    let next = failure.contains("brain report export")
                        ? "" : " (fix the cause, then `brain start --resume \(supervisor.runId.map(String.init) ?? "RUN_ID")`)"
                    throw BrainError("the run failed: \(failure)\(next)")
                }
                // Any other loss of the runner (crash, kill, reset, a connection that broke): resume the run.
                client = try restartRunner(after: error.description)
            }
        }
        let exit = supervisor.waitForExit()
        metrics.runner(up: false)
        guard exit == .exited(0) || exit == .exited(ResumeError.alreadyFinishedExitStatus) || exit == .gone else { throw BrainError("prodcore-runner \(exit) at the end: \(supervisor.lastErrors)") }
        writeStatus(state: ended!.state.rawValue, force: true)
        return Result(
            summary: ended!, decisions: decisions, plansSent: plansSent, plansRejected: plansRejected, restarts: restartCount,
            agentMicroseconds: agentMicroseconds, decisionTimes: decisionTimes, alerts: alerts)
    }

    private func send(_ message: ClientMessage, on client: RunnerClient) throws(RunnerError) {
        do {
            try client.send(message)
        } catch where error.peerClosed {
            // The runner closed its end, maybe just after its last words: a run's `finished`
            // written as it exits, while the brain sent a heartbeat. Those words are still to be
            // read; the next receive reads them, then reports the close. (Thrown here, the send
            // counted a finished run as a crash and started a runner for a run already over.)
            return
        }
        lastSent = .now
    }

    /// Serves one connection until the run ends (its `finished` message); throws when the
    /// connection is lost.
    private func serve(_ client: RunnerClient, started: ContinuousClock.Instant) throws -> RunnerMessage.Finished? {
        try sendHello(on: client)
        stopSent = false
        // Decision points and fills count only after this connection's `welcome`. A runner
        // reattached to says its run there: the brain replays that run's journal, says hello
        // again with the fills it has seen, and waits for the second `welcome`.
        var welcomed = false
        while true {
            if let reason = stopRequested, !stopSent {
                log("stopping", "stopping: \(reason)", ["reason": reason])
                try send(.control(.init(command: .stop)), on: client)
                stopSent = true
            }
            if let duration = options.duration, ContinuousClock.now - started >= duration { requestStop("--duration \(duration) elapsed") }
            reportMapChanges()
            // The runner's dead-man switch: heartbeat whenever nothing else was sent for a second,
            // also while messages stream in (free-running) and while no plan is due.
            if ContinuousClock.now - lastSent >= .seconds(1) && !isSilent { try send(.heartbeat(.init()), on: client) }
            guard let message = try client.receiveWithin() else { continue }
            let silence = ContinuousClock.now - lastRunnerMessage
            lastRunnerMessage = .now
            switch message {
            case .welcome(let welcome):
                status = welcome.status
                supervisor.runId = welcome.runId
                if !brain.isJournaling, try takeOver(welcome.runId) {
                    try sendHello(on: client)
                    continue
                }
                welcomed = true
                // A reattached or resumed runner keeps the mode it was started with.
                lockstep = welcome.status.mode == .lockstep
                log.setRun(welcome.runId)
                log(
                    "runner_serves_run", "runner \(supervisor.processIdentifier.map(String.init) ?? "?") serves run \(welcome.runId)",
                    ["runner_pid": supervisor.processIdentifier.map(String.init) ?? "?"])
                writeStatus(state: "running", force: true)
                // A restarted runner may not have applied the last plan sent (killed before its commit).
                if let applied = welcome.status.lastAppliedPlanId {
                    if let sentPlan, sentPlan.id == applied { try brain.applied(sentPlan) } else { try brain.forgetPlanInForce() }
                }
            case .snapshot(let snapshot):
                status = snapshot.status
                guard welcomed else { continue }
                try decide(snapshot, asReceived: client.lastPayload, client: client, silence: silence)
            case .fill(let event):
                guard welcomed, event.index > lastFillSeen else { continue }
                lastFillSeen = event.index
                metrics.fillReceived()
                try brain.record(event)
            case .ack(let answer):
                metrics.planAnswered(answer.planId)
                if let sentPlan, answer.planId == sentPlan.id { try brain.applied(sentPlan) }
            case .reject(let answer):
                metrics.planAnswered(answer.planId)
                plansRejected += 1
                log(
                    "plan_rejected", "plan \(answer.planId ?? "?") rejected: \(answer.reasons.joined(separator: "; "))", level: .warning,
                    ["plan": answer.planId ?? "?", "reasons": answer.reasons.joined(separator: "; ")])
            case .alert(let alert):
                // Safe mode ends only when a plan is applied: send the next one in full.
                if alert.code == "safe_mode_entered" { try brain.forgetPlanInForce() }
                if alert.code == "run_failed" { runnerFailure = alert.message }
                if alert.level != .info { raise(BrainAlert(level: .init(rawValue: alert.level.rawValue)!, code: alert.code, message: alert.message)) }
            case .status(let current):
                status = current
            case .finished(let ended):
                if ended.state == .finished { brain.finish() } else { try brain.flush() }
                return ended
            case .refused(let refused):
                throw BrainError("the runner refused the brain: \(refused.reason)")
            case .error(let error):
                log("runner_error", "runner: \(error.reason)", level: .error, ["reason": error.reason])
            case .order, .equity, .heartbeat:
                break
            }
        }
    }

    private func sendHello(on client: RunnerClient) throws {
        // A brain with a journal says which fills it has seen (-1: none), so the runner sends the rest.
        let seen = brain.isJournaling || lastFillSeen >= 0 ? lastFillSeen : nil
        try send(.hello(.init(client: "brain", runId: supervisor.runId, lastFillSeen: seen)), on: client)
    }

    /// Starts or continues the journal of `runId`; returns whether it held anything (this brain
    /// takes over from one that died, or continues a stopped run).
    func takeOver(_ runId: Int64) throws -> Bool {
        guard let folder = options.journalFolder else { return false }
        let memory = try brain.takeOver(runId: runId, folder: folder)
        guard memory.decisions > 0 || memory.lastFillSeen >= 0 else { return false }
        decisions = memory.decisions
        decisionTimes = memory.decisionTimes
        recentDecisions = memory.recentDecisions
        sentPlan = memory.sentPlan
        lastFillSeen = memory.lastFillSeen
        log(
            "agents_restored", "agents restored from \(folder)/run-\(runId).journal: \(memory.decisions) decision points replayed",
            ["journal": "\(folder)/run-\(runId).journal", "decisions": "\(memory.decisions)"])
        return true
    }

    private var isSilent: Bool { options.harness?.isSilent(at: decisions) ?? false }

    private func decide(_ snapshot: DecisionSnapshot, asReceived json: [UInt8], client: RunnerClient, silence: Duration) throws {
        let remembered = recentDecisions.outcome(at: snapshot.decisionTime)
        let outcome: BrainAgent.Outcome
        if let remembered {
            outcome = remembered
        } else {
            decisionTimes.append(snapshot.decisionTime)
            try options.harness?.willDecide(decisions, enableMap: watcher, log: log)
            reportMapChanges()
            if isSilent {
                log("scenario_silent", "silent at decision \(decisions) (\(UTCTimestamp.iso8601(snapshot.decisionTime)))")
                decisions += 1
                return
            }
            let clock = ContinuousClock.now
            let context = DecisionContext(
                snapshot: snapshot, decisionNumber: decisions, enableMap: watcher.map, hardLimits: hardLimits,
                health: health(snapshot, silence: silence))
            outcome = try brain.decide(context, snapshotJSON: json)
            let elapsed = ContinuousClock.now - clock
            agentMicroseconds.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
            for alert in outcome.draft.alerts { raise(alert) }
            recentDecisions.remember(time: snapshot.decisionTime, outcome: outcome)
            decisions += 1
        }
        let decisionTime = lockstep ? snapshot.decisionTime : nil
        switch outcome.decision {
        case .plan(let plan):
            sentPlan = plan
            plansSent += 1
            metrics.planSent(plan)
            try send(.plan(.init(decisionTime: decisionTime, plan: plan)), on: client)
        case .noChange:
            if let decisionTime { try send(.noChange(.init(decisionTime: decisionTime)), on: client) }
        case .halt(let reason):
            if !haltSent {
                log("halt_sent", "halting the runner: \(reason)", level: .critical, ["reason": reason])
                try send(.control(.init(command: .halt, flatten: true)), on: client)
                haltSent = true
            }
            if let decisionTime { try send(.noChange(.init(decisionTime: decisionTime)), on: client) }
        }
        // What only people and the research schedule read comes after the answer: the runner
        // goes on with the next bars meanwhile.
        if remembered == nil {
            research?.tick(at: snapshot.decisionTime, log: log, metrics: metrics)
            metrics.decided(outcome, snapshot: snapshot)
            progress(snapshot)
        }
        writeStatus(state: "running", force: false, outcome: outcome)
        options.harness?.didAnswer(decisions - 1, runner: supervisor.processIdentifier, log: log)
    }

    private func health(_ snapshot: DecisionSnapshot, silence: Duration) -> HealthReadings {
        if databaseSize.map({ ContinuousClock.now - $0.readAt >= .seconds(1) }) ?? true {
            databaseSize = (options.databaseFile.flatMap(fileSize), .now)
        }
        let bytes = databaseSize?.bytes
        return HealthReadings(
            runnerSilenceSeconds: Double(silence.components.seconds) + Double(silence.components.attoseconds) / 1e18,
            feedLagSeconds: nil, agentMilliseconds: (agentMicroseconds.last ?? 0) / 1000,
            lastCommitMilliseconds: snapshot.status.lastCommitMicroseconds.map { Double($0) / 1000 }, databaseBytes: bytes,
            drawdown: snapshot.status.drawdown, safeMode: snapshot.status.safeMode)
    }

    private func reportMapChanges() {
        for change in watcher.takeChanges() {
            switch change {
            case .loaded(let map):
                log(
                    "enable_map_loaded", "enable map \(map.version) loaded from \(watcher.path): applies from the next decision point",
                    ["file": watcher.path, "version": "\(map.version)"])
                for note in map.notes { log("enable_map_note", note, ["file": watcher.path]) }
                raise(BrainAlert(level: .info, code: "enable_map_loaded", message: "\(watcher.path) version \(map.version)"))
            case .rejected(let error):
                raise(BrainAlert(level: .warning, code: "enable_map_rejected", message: "\(error); the previous map stays in force"))
            }
        }
    }

    func raise(_ alert: BrainAlert) {
        alerts.append(alert)
        alertHistory.record(alert, at: status?.eventTime)
        metrics.alert(alert)
        log(
            "alert", "\(alert.level.rawValue) \(alert.code): \(alert.message)", level: .init(alert: alert.level.rawValue),
            ["code": alert.code, "alert_level": alert.level.rawValue])
    }

    private func writeStatus(state: String, force: Bool, outcome: BrainAgent.Outcome? = nil) {
        guard let path = options.statusFile else { return }
        if !force, let last = lastStatusWrite, ContinuousClock.now - last < .milliseconds(500) { return }
        lastStatusWrite = .now
        let draft = (outcome ?? recentDecisions.last?.outcome)?.draft
        BrainStatus(
            pid: getpid(), process: ProcessIdentity.current, runId: supervisor.runId, state: state, decisionTime: recentDecisions.last?.time, decisions: decisions,
            regimes: Dictionary(uniqueKeysWithValues: (draft?.regimes ?? [:]).map { instrument, regime in (instrument.key, regime.rawValue) }),
            enabled: draft?.entries.map(\.description) ?? [], mapVersion: watcher.map.version, equity: status?.equity,
            drawdown: status?.drawdown, safeMode: status?.safeMode ?? false, killSwitch: status?.killSwitch ?? false,
            haltedForDay: status?.haltedForDay ?? false, runnerPid: supervisor.isRunning ? supervisor.processIdentifier : nil,
            runnerProcess: supervisor.isRunning ? supervisor.processIdentifier.flatMap(ProcessIdentity.of) : nil,
            runnerRestarts: restartCount, alerts: alertHistory.entries, runner: status, updatedAt: UTCTimestamp.iso8601(Int64(Date().timeIntervalSince1970 * 1000))
        ).write(to: path)
    }
}

/// A failure of the brain itself (not of a file or the runner's input).
public struct BrainError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
