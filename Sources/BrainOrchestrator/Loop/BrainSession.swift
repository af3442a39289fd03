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
        /// Scenarios: what happens to the run at given decision points.
        public var actions = ScenarioActions()
        public init() {}
    }

    /// How a run ended.
    public struct Result: Sendable {
        public var runId: Int64
        public var digest: String
        public var reportFolder: String
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
    let socket: String
    let watcher: EnableMapWatcher
    let hardLimits: GovernanceLimits
    let log: @Sendable (String) -> Void
    let progress: @Sendable (DecisionSnapshot) -> Void
    private let telemetry: Telemetry?
    private let metrics: BrainMetrics
    private var brain: BrainAgent
    private let stopLock = NSLock()
    private var stopReason: String?
    private var stopSent = false
    private var lastFillSeen = -1
    private var decisions = 0
    private var lastDecision: (time: Int64, number: Int, outcome: BrainAgent.Outcome)?
    private var sentPlan: Plan?
    private var plansSent = 0
    private var plansRejected = 0
    private var haltSent = false
    private var restarts: [ContinuousClock.Instant] = []
    private var restartCount = 0
    private var agentMicroseconds: [Double] = []
    private var alerts: [BrainAlert] = []
    private var lastRunnerMessage = ContinuousClock.now
    private var lastStatusWrite: ContinuousClock.Instant?
    private var status: RunnerStatus?
    private var finishedAlert: String?
    private var killed = false
    private var killsDone: Set<Int> = []
    private var decisionTimes: [Int64] = []

    public init(
        config: BrainConfig, options: Options, supervisor: RunnerSupervisor, socket: String, watcher: EnableMapWatcher,
        hardLimits: GovernanceLimits, telemetry: Telemetry?, log: @escaping @Sendable (String) -> Void,
        progress: @escaping @Sendable (DecisionSnapshot) -> Void
    ) {
        self.config = config
        self.options = options
        self.supervisor = supervisor
        self.socket = socket
        self.watcher = watcher
        self.hardLimits = hardLimits
        self.log = log
        self.progress = progress
        self.telemetry = telemetry
        metrics = BrainMetrics(haltDrawdown: config.health.haltDrawdown)
        brain = BrainAgent(config: config)
    }

    /// Asks the run to end: the runner commits, exports its report and exits; thread-safe.
    public func requestStop(_ reason: String) {
        stopLock.withLock { if stopReason == nil { stopReason = reason } }
    }

    private var stopRequested: String? { stopLock.withLock { stopReason } }

    /// Runs until the runner finishes its run; on an error the runner is terminated.
    public func run() throws -> Result {
        defer { telemetry?.shutdown() }
        do {
            return try runToTheEnd()
        } catch {
            supervisor.terminate()
            metrics.runner(up: false)
            throw error
        }
    }

    private func runToTheEnd() throws -> Result {
        let started = ContinuousClock.now
        var runId = try supervisor.start()
        metrics.runner(up: true)
        log("runner started: run \(runId)")
        watcher.startTimer()
        defer { watcher.stopTimer() }
        while true {
            do {
                let client = try RunnerClient(socketPath: socket, timeout: .milliseconds(250))
                try client.send(.hello(.init(client: "brain", runId: runId, lastFillSeen: lastFillSeen >= 0 ? lastFillSeen : nil)))
                if try serve(client, started: started) { break }
            } catch let error as RunnerError where !supervisor.isRunning || killed {
                killed = false
                let exit = supervisor.waitForExit(timeout: .seconds(5))
                let how = exit.map { "exited \($0)" } ?? "was killed"
                try recordCrash("the runner \(how) (\(error.description)); \(supervisor.lastErrors)")
                runId = try supervisor.start()
                metrics.runner(up: true)
                log("runner restarted: resuming run \(runId)")
            }
        }
        let exit = supervisor.waitForExit()
        metrics.runner(up: false)
        guard exit == 0 else { throw RunnerError("prodcore-runner exited \(exit.map(String.init) ?? "by a signal") at the end: \(supervisor.lastErrors)") }
        writeStatus(state: "finished", force: true)
        let parts = finishedAlert?.components(separatedBy: "; report ") ?? []
        guard parts.count == 2, parts[0].hasPrefix("digest ") else { throw RunnerError("the runner ended without a digest: \(finishedAlert ?? "no run_finished alert")") }
        return Result(
            runId: runId, digest: String(parts[0].dropFirst(7)), reportFolder: parts[1], decisions: decisions, plansSent: plansSent,
            plansRejected: plansRejected, restarts: restartCount, agentMicroseconds: agentMicroseconds, decisionTimes: decisionTimes,
            alerts: alerts)
    }

    /// Serves one connection; true when the run finished.
    private func serve(_ client: RunnerClient, started: ContinuousClock.Instant) throws -> Bool {
        var lastHeartbeat = ContinuousClock.now
        while true {
            if let reason = stopRequested, !stopSent {
                log("stopping: \(reason)")
                try client.send(.control(.init(command: .stop)))
                stopSent = true
            }
            if let duration = options.duration, ContinuousClock.now - started >= duration { requestStop("--duration \(duration) elapsed") }
            reportMapChanges()
            guard let message = try client.receiveWithin() else {
                if ContinuousClock.now - lastHeartbeat >= .seconds(1) && !isSilent {
                    try client.send(.heartbeat(.init()))
                    lastHeartbeat = .now
                }
                continue
            }
            let silence = ContinuousClock.now - lastRunnerMessage
            lastRunnerMessage = .now
            switch message {
            case .welcome(let welcome):
                status = welcome.status
                // A restarted runner may not have applied the last plan sent (killed before its commit).
                if let applied = welcome.status.lastAppliedPlanId {
                    if let sentPlan, sentPlan.id == applied { brain.applied(sentPlan) } else { brain.forgetPlanInForce() }
                }
            case .snapshot(let snapshot):
                status = snapshot.status
                try decide(snapshot, client: client, silence: silence)
                lastHeartbeat = .now
            case .fill(let event):
                guard event.index > lastFillSeen else { continue }
                lastFillSeen = event.index
                metrics.fillReceived()
                brain.record(event.fill)
            case .ack(let answer):
                metrics.planAnswered(answer.planId)
                if let sentPlan, answer.planId == sentPlan.id { brain.applied(sentPlan) }
            case .reject(let answer):
                metrics.planAnswered(answer.planId)
                plansRejected += 1
                log("plan \(answer.planId ?? "?") rejected: \(answer.reasons.joined(separator: "; "))")
            case .alert(let alert):
                if alert.code == "run_finished" { finishedAlert = alert.message }
                // Safe mode ends only when a plan is applied: send the next one in full.
                if alert.code == "safe_mode_entered" { brain.forgetPlanInForce() }
                if alert.level != .info { raise(BrainAlert(level: .init(rawValue: alert.level.rawValue)!, code: alert.code, message: alert.message)) }
            case .status(let current):
                status = current
                if current.state == .finished { return true }
            case .refused(let refused):
                throw BrainError("the runner refused the brain: \(refused.reason)")
            case .error(let error):
                log("runner: \(error.reason)")
            case .order, .equity, .heartbeat:
                break
            }
        }
    }

    private var isSilent: Bool { options.actions.isSilent(at: decisions) }

    private func decide(_ snapshot: DecisionSnapshot, client: RunnerClient, silence: Duration) throws {
        let outcome: BrainAgent.Outcome
        if let last = lastDecision, last.time == snapshot.decisionTime {
            outcome = last.outcome
        } else {
            decisionTimes.append(snapshot.decisionTime)
            if let text = options.actions.enableMapEdits[decisions] { try editEnableMap(text) }
            watcher.poll()
            reportMapChanges()
            if isSilent {
                log("silent at decision \(decisions) (\(UTCTimestamp.iso8601(snapshot.decisionTime)))")
                decisions += 1
                return
            }
            let clock = ContinuousClock.now
            let context = DecisionContext(
                snapshot: snapshot, decisionNumber: decisions, enableMap: watcher.map, hardLimits: hardLimits,
                health: health(snapshot, silence: silence))
            outcome = brain.decide(context)
            let elapsed = ContinuousClock.now - clock
            agentMicroseconds.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
            for alert in outcome.draft.alerts { raise(alert) }
            metrics.decided(outcome, snapshot: snapshot)
            lastDecision = (snapshot.decisionTime, decisions, outcome)
            decisions += 1
            progress(snapshot)
        }
        let decisionTime = options.lockstep ? snapshot.decisionTime : nil
        switch outcome.decision {
        case .plan(let plan):
            sentPlan = plan
            plansSent += 1
            metrics.planSent(plan)
            try client.send(.plan(.init(decisionTime: decisionTime, plan: plan)))
        case .noChange:
            if let decisionTime { try client.send(.noChange(.init(decisionTime: decisionTime))) }
        case .halt(let reason):
            if !haltSent {
                log("halting the runner: \(reason)")
                try client.send(.control(.init(command: .halt, flatten: true)))
                haltSent = true
            }
            if let decisionTime { try client.send(.noChange(.init(decisionTime: decisionTime))) }
        }
        writeStatus(state: "running", force: false, outcome: outcome)
        let answered = decisions - 1
        if options.actions.killRunnerAfter.contains(answered), killsDone.insert(answered).inserted, let pid = supervisor.processIdentifier {
            log("killing the runner (pid \(pid)) after decision \(answered), as asked")
            killed = true
            Foundation.kill(pid, SIGKILL)
        }
    }

    /// A scenario's edit of the enable map, written as a user's editor would (atomically).
    private func editEnableMap(_ text: String) throws {
        log("editing \(watcher.path) before decision \(decisions), as asked")
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: watcher.path), options: .atomic)
        } catch {
            throw BrainError("cannot edit \(watcher.path): \(error.localizedDescription)")
        }
    }

    private func health(_ snapshot: DecisionSnapshot, silence: Duration) -> HealthReadings {
        let bytes = options.databaseFile.flatMap(fileSize)
        return HealthReadings(
            runnerSilenceSeconds: Double(silence.components.seconds) + Double(silence.components.attoseconds) / 1e18,
            feedLagSeconds: nil, agentMilliseconds: (agentMicroseconds.last ?? 0) / 1000,
            lastCommitMilliseconds: snapshot.status.lastCommitMicroseconds.map { Double($0) / 1000 }, databaseBytes: bytes,
            drawdown: snapshot.status.drawdown, safeMode: snapshot.status.safeMode)
    }

    private func recordCrash(_ description: String) throws {
        let now = ContinuousClock.now
        restarts = restarts.filter { now - $0 < config.supervision.window } + [now]
        restartCount += 1
        metrics.runner(up: false)
        metrics.runnerRestarted()
        raise(BrainAlert(level: .critical, code: "runner_crashed", message: description))
        guard restarts.count <= config.supervision.maxRestarts else {
            throw BrainError("the runner crashed \(restarts.count) times within \(config.supervision.window): giving up (\(description))")
        }
        let backoff = min(8.0, 0.25 * pow(2, Double(restarts.count - 1)))
        Thread.sleep(forTimeInterval: backoff)
    }

    private func reportMapChanges() {
        for change in watcher.takeChanges() {
            switch change {
            case .loaded(let map):
                log("enable map \(map.version) loaded from \(watcher.path): applies from the next decision point")
                raise(BrainAlert(level: .info, code: "enable_map_loaded", message: "\(watcher.path) version \(map.version)"))
            case .rejected(let error):
                raise(BrainAlert(level: .warning, code: "enable_map_rejected", message: "\(error); the previous map stays in force"))
            }
        }
    }

    private func raise(_ alert: BrainAlert) {
        alerts.append(alert)
        metrics.alert(alert)
        log("\(alert.level.rawValue) \(alert.code): \(alert.message)")
    }

    private func writeStatus(state: String, force: Bool, outcome: BrainAgent.Outcome? = nil) {
        guard let path = options.statusFile else { return }
        if !force, let last = lastStatusWrite, ContinuousClock.now - last < .milliseconds(500) { return }
        lastStatusWrite = .now
        let draft = (outcome ?? lastDecision?.outcome)?.draft
        BrainStatus(
            pid: getpid(), runId: supervisor.runId, state: state, decisionTime: lastDecision?.time, decisions: decisions,
            regimes: Dictionary(uniqueKeysWithValues: (draft?.regimes ?? [:]).map { instrument, regime in (instrument.key, regime.rawValue) }),
            enabled: draft?.entries.map(\.description) ?? [], mapVersion: watcher.map.version, equity: status?.equity,
            drawdown: status?.drawdown, safeMode: status?.safeMode ?? false, killSwitch: status?.killSwitch ?? false,
            haltedForDay: status?.haltedForDay ?? false, runnerPid: supervisor.isRunning ? supervisor.processIdentifier : nil,
            runnerRestarts: restartCount, alerts: Array(alerts.suffix(10)), updatedAt: UTCTimestamp.iso8601(Int64(Date().timeIntervalSince1970 * 1000))
        ).write(to: path)
    }
}

/// A failure of the brain itself (not of a file or the runner's input).
public struct BrainError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
