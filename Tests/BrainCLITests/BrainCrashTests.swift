import Foundation
import ProdCore
import Testing

/// `brain start` when things happen to it from outside, as they do to a user: its runner killed
/// with SIGKILL at random moments (start-up included), Ctrl-C, SIGTERM and `brain stop`, and a
/// free-running session that must keep the runner's dead-man switch fed.
@Suite(.serialized) struct BrainCrashTests {
    static let period = ["--from", "2023-02-01", "--to", "2023-02-12", "--decision-interval", "5m"]

    /// A `brain start` running in the background, in a folder of its own.
    final class Session {
        let folder: String
        let process = Process()
        let output = Pipe()

        init(_ extra: [String], folder: String? = nil) throws {
            self.folder = try folder ?? BrainProcess.temporaryFolder()
            process.executableURL = URL(fileURLWithPath: BrainProcess.executable)
            process.currentDirectoryURL = URL(fileURLWithPath: BrainProcess.repoRoot)
            process.arguments = BrainStartTests.arguments(self.folder, extra)
            FileManager.default.createFile(atPath: self.folder + "/brain.err", contents: nil)
            process.standardOutput = output
            process.standardError = FileHandle(forWritingAtPath: self.folder + "/brain.err")
            try process.run()
        }

        /// The runner the brain started (its child), once there is one.
        func runner(within seconds: Double = 30) -> Int32? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline && process.isRunning {
                if let child = Self.children(of: process.processIdentifier).first { return child }
                Thread.sleep(forTimeInterval: 0.002)
            }
            return nil
        }

        static func children(of pid: Int32) -> [Int32] {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            return tasks.flatMap { task in
                ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? "").split(separator: " ").compactMap { Int32($0) }
            }
        }

        /// A test that fails half-way leaves nothing running: the brain and its runner are killed.
        deinit {
            guard process.isRunning else { return }
            for child in Self.children(of: process.processIdentifier) { kill(child, SIGKILL) }
            kill(process.processIdentifier, SIGKILL)
        }

        /// Waits (up to 60 s) until the brain has answered `count` decision points, by its status file.
        func waitForDecisions(_ count: Int) {
            for _ in 0..<3_000 where process.isRunning {
                let data = try? Data(contentsOf: URL(fileURLWithPath: folder + "/run/brain.json"))
                let status = data.flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any]
                if (status?["decisions"] as? Int ?? 0) >= count { return }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }

        /// Waits for the brain to exit: its status and the JSON it printed.
        func finish() throws -> (status: Int32, summary: [String: Any], errors: String) {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let summary = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            let errors = (try? String(contentsOfFile: folder + "/brain.err", encoding: .utf8)) ?? ""
            return (process.terminationStatus, summary, errors)
        }
    }

    /// A copy of configs/brain.yaml that allows `restarts` restarts (the shipped one allows 3 in
    /// 10 minutes), and optionally points at another runner config.
    static func brainConfig(in folder: String, restarts: Int = 3, runnerConfig: String? = nil) throws -> String {
        var text = try String(contentsOfFile: BrainProcess.repoRoot + "/configs/brain.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "max_restarts: 3", with: "max_restarts: \(restarts)")
        if let runnerConfig { text = text.replacingOccurrences(of: "runner_config: configs/runner.yaml", with: "runner_config: \(runnerConfig)") }
        let path = folder + "/brain.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func runId(_ summary: [String: Any]) -> Int64 { (summary["run_id"] as? NSNumber)?.int64Value ?? 0 }

    static func undisturbed() throws -> (folder: String, summary: [String: Any]) {
        let session = try Session(period)
        let (status, summary, errors) = try session.finish()
        #expect(status == 0, "\(errors)")
        return (session.folder, summary)
    }

    /// SIGKILL from outside, the first one while the runner starts: each time the brain restarts
    /// it with `--resume`, and the run stores what the undisturbed run stores, row for row.
    @Test func aRunnerKilledFromOutsideIsResumedToTheUndisturbedRun() throws {
        let expected = try Self.undisturbed()
        var generator = SeededGenerator(seed: 1_115)
        let folder = try BrainProcess.temporaryFolder()
        let session = try Session(["--config", try Self.brainConfig(in: folder, restarts: 10)] + Self.period, folder: folder)
        var kills = 0
        while kills < 4, let runner = session.runner() {
            if kills > 0 { Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.6, using: &generator)) }
            if kill(runner, SIGKILL) == 0 { kills += 1 }
        }
        let (status, summary, errors) = try session.finish()
        #expect(status == 0, "\(errors)")
        #expect(kills == 4)
        #expect(summary["restarts"] as? Int == kills, "\(errors)")
        #expect(summary["digest"] as? String == expected.summary["digest"] as? String)
        // A resumed runner asks again for the decision points after its last commit (up to
        // `WireProtocol.decisionPointsPerCommit`): the brain answers them from memory, so its
        // agents decide each decision point once.
        #expect(summary["decisions"] as? Int == expected.summary["decisions"] as? Int)
        let comparison = try StoredRunComparison.compare(
            expected.folder + "/crupto.db", Self.runId(expected.summary), folder + "/crupto.db", Self.runId(summary))
        #expect(comparison.equal, "\(comparison.output)")
    }

    /// The runner killed after it stored the end of the run, before the brain got `finished`
    /// (while it exports the report): its `--resume` says the run had ended (exit 3), and the brain
    /// ends the run as finished, its numbers and report from the database, instead of failing.
    @Test func aRunnerKilledAfterStoringTheEndFinishesTheRun() throws {
        let expected = try Self.undisturbed()
        var reached = false
        for _ in 0..<5 where !reached {
            let session = try Session(Self.period)
            let database = session.folder + "/crupto.db"
            var runner: Int32?
            while session.process.isRunning {
                runner = session.runner(within: 1) ?? runner
                let ended = FileManager.default.fileExists(atPath: database)
                    ? (try? RunStore(database: CruptoDatabase(path: database)).runs().first?.digest) ?? nil : nil
                if ended != nil, let runner {
                    kill(runner, SIGKILL)
                    break
                }
                Thread.sleep(forTimeInterval: 0.001)
            }
            let (status, summary, errors) = try session.finish()
            #expect(status == 0, "\(errors.suffix(1500))")
            #expect(summary["digest"] as? String == expected.summary["digest"] as? String)
            #expect(summary["state"] as? String == "finished")
            let report = try #require(summary["report"] as? String)
            #expect(FileManager.default.fileExists(atPath: report + "/summary.md"), "\(report)")
            reached = errors.contains("had stored the end of run")
        }
        #expect(reached, "no kill fell between the stored end and the finished message in five runs")
    }

    /// Ctrl-C, SIGTERM and `brain stop` at random moments: exit 0, the run `stopped` with its
    /// report and numbers, and no runner left behind.
    @Test func aRequestedStopIsASuccess() throws {
        var generator = SeededGenerator(seed: 7)
        for (attempt, how) in ["SIGINT", "SIGTERM", "brain stop", "SIGINT", "SIGTERM", "brain stop"].enumerated() {
            let session = try Session(Self.period)
            let runner = try #require(session.runner())
            Thread.sleep(forTimeInterval: Double.random(in: 0.2...1.5, using: &generator))
            switch how {
            case "SIGINT": kill(session.process.processIdentifier, SIGINT)
            case "SIGTERM": kill(session.process.processIdentifier, SIGTERM)
            default:
                // The brain writes its status file at its first decision point.
                var stop = try BrainProcess.run(["stop", "--db", session.folder + "/crupto.db"])
                for _ in 0..<50 where stop.status != 0 {
                    Thread.sleep(forTimeInterval: 0.1)
                    stop = try BrainProcess.run(["stop", "--db", session.folder + "/crupto.db"])
                }
                #expect(stop.status == 0, "\(stop.errors)")
            }
            let (status, summary, errors) = try session.finish()
            let context: Comment = "attempt \(attempt): \(how)"
            #expect(status == 0, "\(context): \(errors)")
            #expect(summary["state"] as? String == "stopped", context)
            #expect((summary["digest"] as? String)?.count == 64, context)
            let report = try #require(summary["report"] as? String, context)
            #expect(FileManager.default.fileExists(atPath: report + "/summary.md"), context)
            #expect(!ExternalCommand.isAlive(runner), "\(context): the runner is gone")
            let stored = try #require(try RunStore(database: CruptoDatabase(path: session.folder + "/crupto.db")).run(Self.runId(summary)))
            #expect(stored.outcome == "stopped" && stored.isFinished, context)
        }
    }

    /// `kill -9` of the brain leaves its runner alive: in lockstep it holds at the next decision
    /// point, free-running it enters safe mode at once (within a second); `brain status` says
    /// so and `brain stop` stops it gracefully, the run `stopped` with its report.
    @Test(arguments: [["--decision-interval", "5m"], ["--speed", "300"]])
    func aKilledBrainLeavesARunnerThatHoldsOrIsSafeAndBrainStopEndsIt(mode: [String]) throws {
        let session = try Session(["--from", "2023-02-01", "--to", "2023-03-31"] + mode)
        let runner = try #require(session.runner())
        defer { kill(runner, SIGKILL) }  // once its brain is gone the runner is nobody's child
        let statusFile = session.folder + "/run/brain.json"
        var runId: Int64?
        for _ in 0..<200 where runId == nil {
            Thread.sleep(forTimeInterval: 0.05)
            let json = (try? Data(contentsOf: URL(fileURLWithPath: statusFile))).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
            if json?["runner_process"] != nil { runId = (json?["run_id"] as? NSNumber)?.int64Value }
        }
        let run = try #require(runId, "the brain wrote its status with the runner")
        kill(session.process.processIdentifier, SIGKILL)
        session.process.waitUntilExit()
        Thread.sleep(forTimeInterval: 1.0)
        #expect(ExternalCommand.isAlive(runner), "the runner outlives its brain")
        let store = RunStore(database: try CruptoDatabase(path: session.folder + "/crupto.db"))
        if mode.contains("--speed") {
            // At once, not at the heartbeat timeout: polled here, so a busy machine cannot fail the test.
            var safe: [GovernorEvent] = []
            for _ in 0..<100 where !safe.contains(where: { $0.detail.contains("the brain disconnected") }) {
                safe = try store.governorEvents(run: run).filter { $0.kind == .safeModeEntered }
                Thread.sleep(forTimeInterval: 0.1)
            }
            #expect(safe.contains { $0.detail.contains("the brain disconnected") }, "\(safe)")
        } else {
            let before = try #require(try store.run(run)).inputsDone
            Thread.sleep(forTimeInterval: 1.0)
            #expect(try #require(try store.run(run)).inputsDone == before, "lockstep holds without a brain")
        }
        let status = try BrainProcess.run(["status", "--db", session.folder + "/crupto.db"])
        #expect(status.status != 0 && status.errors.contains("its runner (pid \(runner), run \(run)) is still alive"), "\(status.errors)")
        let listed = try RecordedRunCommandTests.runs(session.folder + "/crupto.db").first
        #expect(listed?["state"] as? String == "running", "its recorder, the runner, is alive")
        let stop = try BrainProcess.run(["stop", "--db", session.folder + "/crupto.db"])
        #expect(stop.status == 0, "\(stop.errors)")
        #expect(stop.output.contains("runner pid \(runner) of run \(run) stopped"), "\(stop.output)")
        #expect(!ExternalCommand.isAlive(runner))
        let stored = try #require(try store.run(run))
        #expect(stored.outcome == "stopped" && stored.digest?.count == 64)
        #expect(try RecordedRunCommandTests.runs(session.folder + "/crupto.db").first?["state"] as? String == "stopped")
    }

    /// A new `brain start` in the folder of a brain that died reattaches to the runner it left
    /// and finishes the run; when the runner died too, `brain start --resume RUN_ID` continues it.
    /// Either way the new brain replays the agents' journal first, so the run ends as the
    /// undisturbed run does: same digest, same rows in every table.
    @Test func aNewBrainReattachesToALeftRunnerOrResumesTheRun() throws {
        let expected = try Self.undisturbed()
        let folder = try BrainProcess.temporaryFolder()
        let first = try Session(Self.period, folder: folder)
        let runner = try #require(first.runner())
        defer { kill(runner, SIGKILL) }
        first.waitForDecisions(200)
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        // A kill in the middle of a write leaves a last line cut short: it is dropped.
        let journal = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/brain/run-1.journal"))
        try journal.seekToEnd()
        try journal.write(contentsOf: Data("{\"fill\":{\"_0\":{\"ind".utf8))
        try journal.close()
        let second = try Session(Self.period, folder: folder)
        let (status, summary, errors) = try second.finish()
        #expect(status == 0, "\(errors)")
        #expect(errors.contains("reattaching to the runner (pid \(runner)) an earlier brain left"), "\(errors)")
        #expect(Self.runId(summary) == 1 && summary["state"] as? String == "finished")
        #expect(errors.contains("agents restored from"), "\(errors)")
        #expect(summary["digest"] as? String == expected.summary["digest"] as? String)
        let reattached = try StoredRunComparison.compare(expected.folder + "/crupto.db", Self.runId(expected.summary), folder + "/crupto.db", 1)
        #expect(reattached.equal, "\(reattached.output)")

        // Both processes die: the run is interrupted, and --resume continues it with its own settings.
        let other = try BrainProcess.temporaryFolder()
        let third = try Session(Self.period, folder: other)
        let thirdRunner = try #require(third.runner())
        var generator = SeededGenerator(seed: 1_204)
        third.waitForDecisions(Int.random(in: 50...1_500, using: &generator))
        kill(third.process.processIdentifier, SIGKILL)
        kill(thirdRunner, SIGKILL)
        third.process.waitUntilExit()
        #expect(try RecordedRunCommandTests.runs(other + "/crupto.db").first?["state"] as? String == "interrupted")
        let refused = try BrainProcess.run(BrainStartTests.arguments(other, ["--resume", "1", "--from", "2023-02-01"]))
        #expect(refused.status == 64 && refused.errors.contains("--resume continues a run with the settings it was started with; drop --from"))
        // A damaged journal is refused with its file and line, and the run is left resumable.
        let journalPath = other + "/brain/run-1.journal"
        let intact = try Data(contentsOf: URL(fileURLWithPath: journalPath))
        try (Data("not json\n".utf8) + intact).write(to: URL(fileURLWithPath: journalPath))
        let damaged = try BrainProcess.run(BrainStartTests.arguments(other, ["--resume", "1"]))
        #expect(damaged.status != 0 && damaged.errors.contains("run-1.journal line 1 is damaged"), "\(damaged.errors)")
        #expect(try RecordedRunCommandTests.runs(other + "/crupto.db").first?["state"] as? String == "interrupted")
        try intact.write(to: URL(fileURLWithPath: journalPath))
        let resumed = try Session(["--resume", "1"], folder: other)
        let (resumedStatus, resumedSummary, resumedErrors) = try resumed.finish()
        #expect(resumedStatus == 0, "\(resumedErrors)")
        #expect(Self.runId(resumedSummary) == 1 && resumedSummary["state"] as? String == "finished")
        #expect(try RecordedRunCommandTests.runs(other + "/crupto.db").map { $0["state"] as? String } == ["finished"])
        #expect(resumedSummary["digest"] as? String == expected.summary["digest"] as? String)
        let resumedRun = try StoredRunComparison.compare(expected.folder + "/crupto.db", Self.runId(expected.summary), other + "/crupto.db", 1)
        #expect(resumedRun.equal, "\(resumedRun.output)")
        #expect(!FileManager.default.fileExists(atPath: other + "/brain/run-1.journal"), "a finished run's journal is removed")
    }

    /// A second `brain start` in the folder of a running one fails at once and changes nothing:
    /// the first run goes on to its end (before, the second replaced the log file the first was
    /// waiting on and the first failed two minutes later).
    @Test func aSecondBrainInTheSameFolderFailsAndTheFirstGoesOn() throws {
        let first = try Session(Self.period)
        _ = try #require(first.runner())
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: first.folder + "/run/brain.json") {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let second = try BrainProcess.run(BrainStartTests.arguments(first.folder, Self.period))
        #expect(second.status == 1)
        #expect(second.errors.contains("another brain (pid \(first.process.processIdentifier)) runs in this folder"), "\(second.errors)")
        let (status, summary, errors) = try first.finish()
        #expect(status == 0, "\(errors)")
        #expect(summary["state"] as? String == "finished")
    }

    /// Free-running, the brain answers no decision point with a message (plans apply on
    /// arrival): it must still heartbeat, or the runner's dead-man switch fires.
    @Test func aFreeRunningBrainKeepsTheRunnerOutOfSafeMode() throws {
        let folder = try BrainProcess.temporaryFolder()
        var runnerConfig = try String(contentsOfFile: BrainProcess.repoRoot + "/configs/runner.yaml", encoding: .utf8)
        runnerConfig = runnerConfig.replacingOccurrences(of: "heartbeat_timeout_seconds: 10", with: "heartbeat_timeout_seconds: 2")
        try runnerConfig.write(toFile: folder + "/runner.yaml", atomically: true, encoding: .utf8)
        let config = try Self.brainConfig(in: folder, runnerConfig: folder + "/runner.yaml")
        let session = try Session(["--config", config, "--speed", "3600", "--duration", "7"], folder: folder)
        let (status, summary, errors) = try session.finish()
        #expect(status == 0, "\(errors)")
        #expect(summary["state"] as? String == "stopped")
        #expect((summary["decisions"] as? Int ?? 0) >= 4)
        let codes = (summary["alerts"] as? [[String: String]] ?? []).compactMap { $0["code"] }
        #expect(!codes.contains("safe_mode_entered"), "\(errors)")
    }
}
