import Foundation
import ProdCore
import Testing

/// `brain maintenance` and `brain report delete` as an operator runs them on a real storage
/// folder: what goes, what stays, what is refused, and a session running beside them.
@Suite(.serialized) struct MaintenanceTests {
    static let window = ["--from", "2023-03-01", "--to", "2023-03-03", "--decision-interval", "5m"]

    /// A retention file keeping the newest `runs` finished runs and nothing by age.
    static func retention(in folder: String, runs: Int, reportDays: Int? = nil) throws -> String {
        let text = """
            keep_bar_rows:
              runs: \(runs)
              days: 0
            reports:
              keep_days: \(reportDays.map(String.init) ?? "null")
            logs:
              keep_days: 14
              max_megabytes: 200
            """
        try text.write(toFile: folder + "/maintenance.yaml", atomically: true, encoding: .utf8)
        return folder + "/maintenance.yaml"
    }

    static func flags(_ folder: String, config: String) -> [String] {
        ["--db", folder + "/crupto.db", "--reports", folder + "/reports", "--logs", folder + "/logs", "--config", config]
    }

    static func count(_ table: String, run: Int64, in folder: String, filter: String = "") throws -> Int {
        let database = try CruptoDatabase(path: folder + "/crupto.db")
        let result = try ExternalCommand.run(["sqlite3", database.path, "SELECT COUNT(*) FROM \(table) WHERE run_id = \(run)\(filter)"])
        return Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func pruneKeepsTheAuditTrailAndTheNewestRunsAndVacuumGivesTheSpaceBack() throws {
        let first = try BrainStartTests.start(Self.window)
        let folder = first.folder
        let second = try BrainProcess.run(BrainStartTests.arguments(folder, Self.window))
        #expect(second.status == 0, "\(second.errors)")
        let config = try Self.retention(in: folder, runs: 1)
        let before = try ["equity", "journal", "plans", "fills", "governor_events"].map { try Self.count($0, run: 1, in: folder) }
        #expect(before[0] > 0 && before[2] > 0)

        let dry = try BrainProcess.run(["maintenance", "prune", "--dry-run", "--json"] + Self.flags(folder, config: config))
        #expect(dry.status == 0, "\(dry.errors)")
        let planned = try JSONSerialization.jsonObject(with: Data(dry.output.utf8)) as? [String: Any]
        let runs = planned?["runs"] as? [[String: Any]] ?? []
        #expect(runs.map { $0["run"] as? Int } == [1], "the newest run is kept: \(dry.output)")
        #expect((planned?["row_bytes"] as? Int ?? 0) > 0)
        #expect(try ["equity", "journal", "plans", "fills", "governor_events"].map { try Self.count($0, run: 1, in: folder) } == before, "a dry run changes nothing")

        let pruned = try BrainProcess.run(["maintenance", "prune"] + Self.flags(folder, config: config))
        #expect(pruned.status == 0 && pruned.output.contains("pruned run 1"), "\(pruned.output)\(pruned.errors)")
        #expect(try Self.count("equity", run: 1, in: folder) == 0 && Self.count("journal", run: 1, in: folder, filter: " AND type = 'bars'") == 0)
        #expect(try Self.count("plans", run: 1, in: folder) == before[2] && Self.count("fills", run: 1, in: folder) == before[3])
        #expect(try Self.count("governor_events", run: 1, in: folder) == before[4])
        #expect(try Self.count("equity", run: 2, in: folder) > 0, "the newest run keeps its rows")
        let store = RunStore(database: try CruptoDatabase(path: folder + "/crupto.db"))
        #expect(try store.run(1)?.digest == first.digest && store.run(1)?.prunedAt != nil)
        // A replay run's bars are its files: it still reproduces from its journal after pruning.
        let reproduced = try BrainProcess.run(["report", "reproduce", "1", "--db", folder + "/crupto.db"])
        #expect(reproduced.status == 0 && reproduced.output.contains(first.digest), "\(reproduced.output)\(reproduced.errors)")
        let again = try BrainProcess.run(["maintenance", "prune", "--dry-run", "--json"] + Self.flags(folder, config: config))
        let left = try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Any]
        #expect((left?["runs"] as? [Any])?.isEmpty == true, "pruned once: \(again.output)")

        let size = { (try? FileManager.default.attributesOfItem(atPath: folder + "/crupto.db")[.size] as? Int) ?? 0 }
        let beforeVacuum = size()
        let vacuumed = try BrainProcess.run(["maintenance", "vacuum"] + Self.flags(folder, config: config))
        #expect(vacuumed.status == 0 && size() < beforeVacuum, "\(vacuumed.output)\(vacuumed.errors)")
        #expect(try store.run(2)?.digest == first.digest, "the same window, the same digest, its rows intact")

        // Report folders go only when asked (reports.keep_days), and a dry run names them first.
        let folders = try Self.retention(in: folder, runs: 20, reportDays: 0)
        let named = try BrainProcess.run(["maintenance", "prune", "--dry-run"] + Self.flags(folder, config: folders))
        #expect(named.output.components(separatedBy: "would remove ").count == 3, "\(named.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/reports").count == 2)
        let removed = try BrainProcess.run(["maintenance", "prune"] + Self.flags(folder, config: folders))
        let reportsLeft = try FileManager.default.contentsOfDirectory(atPath: folder + "/reports")
        #expect(removed.status == 0 && reportsLeft.isEmpty, "\(removed.output)")
        #expect(try store.run(1)?.digest == first.digest, "the runs themselves stay")
    }

    /// A live session (paced by the fake exchange's clock) runs while prune empties an older run of
    /// the same database and vacuum is tried: vacuum is refused by name, prune and status go on
    /// beside it, and the session ends with the digest and rows of the replay of its window.
    @Test func maintenanceBesideARunningSessionChangesNothingItComputes() throws {
        let folder = try BrainProcess.temporaryFolder()
        let old = try BrainProcess.run(BrainStartTests.arguments(folder, Self.window))
        #expect(old.status == 0, "\(old.errors)")
        let config = try Self.retention(in: folder, runs: 0)
        let server = try LiveSessionTests.fake()
        // The finished run's status file must not pass for the new session's.
        try FileManager.default.removeItem(atPath: folder + "/run/brain.json")
        let session = try BrainCrashTests.Session(["--feed", "live"] + server.feedFlags + LiveSessionTests.window, folder: folder)
        session.waitForDecisions(200)
        let refused = try BrainProcess.run(["maintenance", "vacuum"] + Self.flags(folder, config: config))
        #expect(refused.status == 1 && refused.errors.contains("is recording into") && refused.errors.contains("prune` is safe now"), "\(refused.errors)")
        var prunes = 0
        while session.process.isRunning && prunes < 20 {
            let pruned = try BrainProcess.run(["maintenance", "prune"] + Self.flags(folder, config: config))
            #expect(pruned.status == 0, "\(pruned.errors)")
            let status = try BrainProcess.run(["maintenance", "status", "--json"] + Self.flags(folder, config: config))
            #expect(status.status == 0, "\(status.errors)")
            prunes += 1
        }
        let (status, summary, errors) = try session.finish()
        server.stop()
        #expect(status == 0 && prunes >= 2, "\(errors)")
        #expect(try Self.count("equity", run: 1, in: folder) == 0, "the old run was pruned while the session ran")
        let replay = try LiveSessionTests.replay()
        #expect(summary["digest"] as? String == replay.digest, "\(errors)")
        let store = RunStore(database: try CruptoDatabase(path: folder + "/crupto.db"))
        let replayStore = RunStore(database: try CruptoDatabase(path: replay.folder + "/crupto.db"))
        let run = BrainCrashTests.runId(summary)
        #expect(try store.equity(run: run) == replayStore.equity(run: replay.runId))
        #expect(try store.fills(run: run) == replayStore.fills(run: replay.runId))
        #expect(try store.plans(run: run).map(\.text) == replayStore.plans(run: replay.runId).map(\.text))
    }

    /// `brain report delete` refuses a run that can still be resumed (and deletes nothing of the
    /// others named with it), and removes every row and the report folder of a finished one.
    @Test func reportDeleteRefusesAResumableRunAndDeletesAFinishedOne() throws {
        let finished = try BrainStartTests.start(Self.window)
        let folder = finished.folder
        // An interrupted run: a live session's runner killed with SIGKILL, its brain too.
        let server = try LiveSessionTests.fake()
        // The finished run's status file must not pass for the new session's.
        try FileManager.default.removeItem(atPath: folder + "/run/brain.json")
        let session = try BrainCrashTests.Session(["--feed", "live"] + server.feedFlags + LiveSessionTests.window, folder: folder)
        session.waitForDecisions(100)
        defer { server.stop() }
        for child in BrainCrashTests.Session.children(of: session.process.processIdentifier) { kill(child, SIGKILL) }
        kill(session.process.processIdentifier, SIGKILL)
        session.process.waitUntilExit()
        usleep(200_000)
        let refused = try BrainProcess.run(["report", "delete", "1", "2", "--db", folder + "/crupto.db", "--reports", folder + "/reports"])
        #expect(refused.status == 1 && refused.errors.contains("run 2 is interrupted: it can still be resumed; nothing was deleted"), "\(refused.errors)\(refused.output)")
        #expect(try Self.count("equity", run: 1, in: folder) > 0)

        let deleted = try BrainProcess.run(["report", "delete", "1", "--db", folder + "/crupto.db", "--reports", folder + "/reports"])
        #expect(deleted.status == 0 && deleted.output.contains("deleted run 1 and 1 report folders"), "\(deleted.output)\(deleted.errors)")
        for table in ["journal", "orders", "fills", "trades", "equity", "plans", "governor_events", "snapshots", "run_files"] {
            #expect(try Self.count(table, run: 1, in: folder) == 0, "\(table)")
        }
        #expect(try RunStore(database: CruptoDatabase(path: folder + "/crupto.db")).run(1) == nil)
        #expect(try Self.count("journal", run: 2, in: folder) > 0, "the interrupted run is untouched")
        let reports = try FileManager.default.contentsOfDirectory(atPath: folder + "/reports")
        #expect(!reports.contains { $0.hasSuffix("_1") })
    }

    /// Log files of ended processes go by age and by the folder's size, oldest first; a file of a
    /// process still running stays whatever its age.
    @Test func rotateRemovesOldLogsOfEndedProcessesOnly() throws {
        let folder = try BrainProcess.temporaryFolder()
        let logs = folder + "/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let living = getpid()
        var ended: Int32 = 4_000_000
        while kill(ended, 0) == 0 { ended += 1 }
        let month = Date().addingTimeInterval(-30 * 86_400)
        for (name, date) in [("runner-\(ended)-1.err", month), ("runner-\(living)-1.err", month), ("runner-\(ended)-2.err", Date())] {
            FileManager.default.createFile(atPath: logs + "/" + name, contents: Data(repeating: 65, count: 1_000))
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: logs + "/" + name)
        }
        let config = try Self.retention(in: folder, runs: 20)
        let rotated = try BrainProcess.run(["maintenance", "rotate"] + Self.flags(folder, config: config))
        #expect(rotated.status == 0 && rotated.output.contains("1 log files removed"), "\(rotated.output)\(rotated.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: logs).sorted() == ["runner-\(ended)-2.err", "runner-\(living)-1.err"].sorted())
    }

    @Test func aRetentionFileWithAnUnknownKeyIsRefusedWithItsLine() throws {
        let folder = try BrainProcess.temporaryFolder()
        let text = try String(contentsOfFile: BrainProcess.repoRoot + "/configs/maintenance.yaml", encoding: .utf8)
            .replacingOccurrences(of: "  max_megabytes: 200", with: "  max_megabytes: 200\n  max_megabyte: 1")
        try text.write(toFile: folder + "/m.yaml", atomically: true, encoding: .utf8)
        let result = try BrainProcess.run(["maintenance", "status", "--config", folder + "/m.yaml", "--db", folder + "/crupto.db"])
        #expect(result.status != 0 && result.errors.contains("m.yaml:20") && result.errors.contains("logs.max_megabyte: unknown key"), "\(result.errors)")
        let shipped = try BrainProcess.run(["maintenance", "status", "--db", folder + "/crupto.db", "--logs", folder + "/logs", "--reports", folder + "/reports"])
        #expect(shipped.status == 0 && shipped.output.contains("prune      0 finished runs"), "\(shipped.output)\(shipped.errors)")
    }
}
