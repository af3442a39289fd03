import Foundation
import ProdCore

/// The session's runner: started, reattached to when an earlier brain left one, restarted with
/// `--resume` after any loss within the crash budget, and a run that ended unseen read back from
/// the database.
extension BrainSession {
    /// The first start: a runner left by a brain that died is reattached to; otherwise a new one
    /// starts (a new run, or `--resume`), and one that dies of a signal while starting is started
    /// again. `nil`: the run to resume had ended already.
    func startRunner() throws -> RunnerClient? {
        if let path = options.statusFile, let earlier = try? BrainStatus.read(path), earlier.pid != getpid(),
           let brain = earlier.process, brain.isAlive {
            throw BrainError("another brain (pid \(brain.pid)) runs in this folder: `brain status` shows it, `brain stop` ends it")
        }
        // The agents' journal is replayed before the brain connects: a peer must say hello within
        // 2 s, and a year of decision points takes seconds to replay. A damaged journal stops the
        // brain before the run moves on. The run is `--resume`'s, or the one a left runner records.
        if supervisor.runId == nil { supervisor.runId = runOfLeftRunner() }
        if let runId = supervisor.runId { _ = try takeOver(runId) }
        if let client = adoptLeftRunner() { return client }
        do {
            let client = try supervisor.start()
            metrics.runner(up: true)
            return client
        } catch let failure as RunnerSupervisor.StartFailure where failure.retryable {
            return try restartRunner(after: failure.description)
        } catch let failure as RunnerSupervisor.StartFailure where failure.alreadyFinished {
            return nil
        }
    }

    /// After the runner was lost: makes sure the old process is gone (one that no longer answers
    /// is killed), waits the backoff, and starts it again with `--resume` until it listens or the
    /// crash budget is spent. `nil`: the runner had stored the end of the run before it died.
    func restartRunner(after reason: String) throws -> RunnerClient? {
        var reason = reason
        while true {
            var exit = supervisor.waitForExit(timeout: .seconds(2))
            // A runner resumed on a run that had ended (it may listen before it finds out).
            if exit == .exited(ResumeError.alreadyFinishedExitStatus) { return endedUnseen() }
            if exit == .running {
                supervisor.kill()
                // A killed process lingers while it finishes a write to a slow disk: the next
                // runner starts only once it is gone, or it would find the run (and the socket)
                // still held and count as a second crash.
                exit = supervisor.waitForExit(timeout: .seconds(60))
                reason += "; it no longer answered and was killed"
            }
            try recordCrash("the runner \(exit) (\(reason)); \(supervisor.lastErrors)")
            // A runner an earlier brain left may hold the socket (still starting when that brain died).
            if let client = adoptLeftRunner() { return client }
            do {
                let client = try supervisor.start()
                metrics.runner(up: true)
                log(
                    "runner_restarted", supervisor.runId.map { "runner restarted: resuming run \($0)" } ?? "runner restarted: a new run",
                    level: .warning, ["runner_pid": supervisor.processIdentifier.map(String.init) ?? "?", "restarts": "\(restartCount)"])
                return client
            } catch let failure as RunnerSupervisor.StartFailure where failure.retryable {
                reason = failure.description
            } catch let failure as RunnerSupervisor.StartFailure where failure.alreadyFinished {
                return endedUnseen()
            }
        }
    }

    func endedUnseen() -> RunnerClient? {
        log("run_ended_unseen", "the runner had stored the end of run \(supervisor.runId ?? 0) before it was lost")
        return nil
    }

    /// The end of a run whose runner stored it and died before saying so: read from the database,
    /// with the report exported (again) from what is stored.
    func storedEnding() throws -> RunnerMessage.Finished {
        guard let runId = supervisor.runId, let database = options.databaseFile, let reports = options.reportsFolder else {
            throw BrainError("the run ended, but this brain does not know where it is stored")
        }
        let store = RunStore(database: try CruptoDatabase(path: database))
        // A live run's report has the feed's statistics, which only the runner that finished knew:
        // say so in their place, so the report has the same files however its run ended.
        let stored = try RunReport.load(store, run: runId)
        let isLive = stored.arguments.joined(separator: " ").contains("--feed live")
        let feed = Array(#"{"unavailable": "the runner that ended this run was killed before it wrote its feed's statistics"}"#.utf8) + [10]
        let folder = try ReportExporter(store: store, reportsFolder: reports).export(run: runId, extra: isLive ? [("feed.json", feed)] : [])
        let ending = RunnerMessage.Finished(stored: stored, reportFolder: folder)
        if ending.state == .finished { brain.finish() }
        return ending
    }

    /// The run the runner holding this brain's socket records (a brain that died left it), by the
    /// pid its run row names; `nil` when no runner holds the socket, or it has no run row yet (it
    /// is still starting: the run id then comes with its `welcome`).
    func runOfLeftRunner() -> Int64? {
        guard let pid = SocketLock.holder(of: supervisor.socketPath), let path = options.databaseFile,
              let runs = try? RunStore(database: CruptoDatabase(path: path)).runs()
        else { return nil }
        let here = RunRecorderProcess.current.host
        return runs.last { $0.recorder == RunRecorderProcess(pid: pid, host: here) && $0.outcome == nil }?.id
    }

    func adoptLeftRunner() -> RunnerClient? {
        guard let client = supervisor.adoptLeftRunner() else { return nil }
        log(
            "runner_reattached", "reattaching to the runner (pid \(supervisor.processIdentifier ?? 0)) an earlier brain left: its run and settings go on",
            level: .warning, ["runner_pid": "\(supervisor.processIdentifier ?? 0)"])
        metrics.runner(up: true)
        return client
    }

    func recordCrash(_ description: String) throws {
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
}
