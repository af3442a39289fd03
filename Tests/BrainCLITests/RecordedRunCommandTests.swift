import Foundation
import Testing

/// Recorded backtests from the command line: a real `kill -9`, the resume, and `brain report`.
@Suite struct RecordedRunCommandTests {
    static let arguments = [
        "backtest", "--strategy", "range_rev_5m", "--strategy", "breakout_4h", "--strategy", "funding_rev:entry_bps=1.5,exit_bps=0.5",
        "--symbol", "BTCUSDT", "--kill-switch", "2023-03-20T00:00:00Z,flatten", "--batch-size", "4000", "--snapshot-every", "2",
        "--json",
    ]

    static func json(_ result: BrainProcess.Result) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.errors)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    }

    static func runs(_ database: String) throws -> [[String: Any]] {
        let result = try BrainProcess.run(["report", "list", "--db", database, "--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
    }

    @Test func aBacktestKilledWithSignal9ResumesToTheUninterruptedDigest() throws {
        let folder = try BrainProcess.temporaryFolder()
        let uninterrupted = try Self.json(try BrainProcess.run(
            Self.arguments + ["--db", folder + "/whole.db", "--reports", folder + "/reports"]))
        let digest = try #require(uninterrupted["digest"] as? String)

        let database = folder + "/killed.db"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BrainProcess.executable)
        process.arguments = Self.arguments + ["--db", database, "--reports", folder + "/reports", "--pause-after-batch-ms", "400"]
        process.currentDirectoryURL = URL(fileURLWithPath: BrainProcess.repoRoot)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var committed = 0
        let deadline = Date().addingTimeInterval(60)
        while committed < 12_000 && process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            committed = (try? Self.runs(database).first?["inputs"] as? Int) ?? 0
        }
        #expect(process.isRunning, "the run must still be going when it is killed")
        let early = try BrainProcess.run(["backtest", "--resume", "1", "--db", database])
        #expect(early.status == 1 && early.errors.contains("still being recorded by process \(process.processIdentifier)"))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        let killed = try #require(try Self.runs(database).first)
        #expect(killed["status"] as? String == "running" && (killed["inputs"] as? Int ?? 0) >= 12_000)

        let resumed = try Self.json(try BrainProcess.run([
            "backtest", "--resume", "1", "--db", database, "--reports", folder + "/resumed", "--json",
        ]))
        #expect(resumed["digest"] as? String == digest)
        #expect(resumed["trades"] as? Int == uninterrupted["trades"] as? Int)
        #expect(resumed["final_equity"] as? String == uninterrupted["final_equity"] as? String)
        let finished = try #require(try Self.runs(database).first)
        #expect(finished["status"] as? String == "finished" && finished["digest"] as? String == digest)
        let second = try BrainProcess.run(["backtest", "--resume", "1", "--db", database])
        #expect(second.status != 0 && second.errors.contains("already finished"))
    }

    @Test func reportListShowExportAndReproduceARecordedRun() throws {
        let folder = try BrainProcess.temporaryFolder()
        let database = folder + "/crupto.db"
        let run = try Self.json(try BrainProcess.run(Self.arguments + ["--db", database, "--reports", folder + "/reports"]))
        let report = try #require(run["report"] as? String)
        let files = try FileManager.default.contentsOfDirectory(atPath: report).sorted()
        for name in ["summary.md", "equity.svg", "run.log", "manifest.json", "trades.parquet", "trades.csv", "orders.parquet",
                     "fills.parquet", "equity.parquet", "plans.parquet", "governor_events.parquet"] {
            #expect(files.contains(name), "\(name) in \(files)")
        }
        #expect(URL(fileURLWithPath: report).lastPathComponent.hasPrefix("run_") && report.hasSuffix("Z_1"))

        let list = try BrainProcess.run(["report", "list", "--db", database])
        #expect(list.status == 0 && list.output.contains("finished") && list.output.contains(String((run["digest"] as! String).prefix(16))))
        let show = try BrainProcess.run(["report", "show", "1", "--db", database])
        let summary = try String(contentsOfFile: report + "/summary.md", encoding: .utf8)
        #expect(show.status == 0 && show.output == summary)
        let manifest = try Self.json(try BrainProcess.run(["report", "show", "1", "--db", database, "--json"]))
        #expect(manifest["digest"] as? String == run["digest"] as? String && manifest["plan_count"] as? Int == 1)
        let data = try #require(manifest["data"] as? [[String: Any]])
        #expect(data.count == 4, "spot and perpetual, February and March")

        let export = try BrainProcess.run(["report", "export", "1", "--db", database, "--reports", folder + "/again"])
        #expect(export.status == 0)
        let again = folder + "/again/" + URL(fileURLWithPath: report).lastPathComponent
        for name in ["trades.csv", "equity.csv", "summary.md", "fills.parquet"] {
            #expect(FileManager.default.contents(atPath: again + "/" + name) == FileManager.default.contents(atPath: report + "/" + name))
        }
        let reproduce = try BrainProcess.run(["report", "reproduce", "1", "--db", database])
        #expect(reproduce.status == 0 && reproduce.output.contains("reproduced"))

        for bad in [["report", "show", "7", "--db", database], ["report", "export", "7", "--db", database]] {
            let result = try BrainProcess.run(bad)
            #expect(result.status == 1 && result.errors.contains("no run 7 in \(database)"))
        }
        let unwritable = try BrainProcess.run(Self.arguments + ["--db", "/proc/crupto/crupto.db"])
        #expect(unwritable.status == 1 && unwritable.errors.contains("/proc/crupto/crupto.db"))
    }
}
