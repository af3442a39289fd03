import Foundation
import ProdCore
import Testing

/// `brain start` as a user runs it: the brain spawns the real runner and drives it in lockstep.
/// The other agent scenarios (runner killed, silent brain, …) are e2e scenario files: E2EScenarioTests.
@Suite(.serialized) struct BrainStartTests {
    struct Run {
        let folder: String
        let summary: [String: Any]
        let errors: String
        var digest: String { summary["digest"] as? String ?? "" }
        var runId: Int64 { summary["run_id"] as? Int64 ?? (summary["run_id"] as? Int).map(Int64.init) ?? 0 }
        var alertCodes: [String] { (summary["alerts"] as? [[String: String]] ?? []).compactMap { $0["code"] } }
        var alertMessages: [String] { (summary["alerts"] as? [[String: String]] ?? []).compactMap { $0["message"] } }

        /// The plans the runner journaled, in order.
        func journaledPlans() throws -> [Plan] {
            let store = RunStore(database: try CruptoDatabase(path: folder + "/crupto.db"))
            return try store.journal(run: runId).filter { $0.type == "plan" }.map {
                try JSONDecoder().decode(Plan.self, from: Data($0.payload.utf8))
            }.filter { $0.id != nil }
        }
    }

    static func arguments(_ folder: String, _ extra: [String]) -> [String] {
        ["start", "--json", "--db", folder + "/crupto.db", "--reports", folder + "/reports", "--socket", folder + "/run/prodcore.sock",
         "--metrics-port", "0", "--runner-metrics-port", "0"] + extra
    }

    static func start(_ extra: [String]) throws -> Run {
        let folder = try BrainProcess.temporaryFolder()
        let result = try BrainProcess.run(arguments(folder, extra))
        #expect(result.status == 0, "\(result.errors)")
        let summary = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any] ?? [:]
        return Run(folder: folder, summary: summary, errors: result.errors)
    }

    /// `brain` found through PATH (argv[0] is just "brain") starts the prodcore-runner beside it,
    /// not one in the current folder.
    @Test func brainReachedThroughPathFindsItsRunner() throws {
        let folder = try BrainProcess.temporaryFolder()
        let bin = (BrainProcess.executable as NSString).deletingLastPathComponent
        let result = try ExternalCommand.run(
            ["PATH=\(bin):/usr/bin:/bin", "brain"] + Self.arguments(folder, ["--from", "2023-03-01", "--to", "2023-03-01"]), in: BrainProcess.repoRoot)
        #expect(result.status == 0 && result.output.contains("\"digest\""), "\(result.output)")
    }

    /// `brain start --from 2023-03-01 --to 2023-03-10` warms up on the ten days before March 1st
    /// (configs/runner.yaml's warm_up_days) and trades on March 1st; without the warm-up the brain
    /// has no regime for days and the window has no trade at all.
    @Test func aSessionWithFromTradesFromItsFirstDecisionPoint() throws {
        let window = ["--from", "2023-03-01", "--to", "2023-03-10"]
        let warmed = try Self.start(window)
        let cold = try Self.start(window + ["--warm-up-days", "0"])
        let march = UTCTimestamp.startOfDay("2023-03-01")!
        let fills = try RunStore(database: CruptoDatabase(path: warmed.folder + "/crupto.db")).fills(run: warmed.runId)
        #expect(fills.first.map { $0.time >= march && $0.time < march + 86_400_000 } == true, "\(fills.prefix(2))")
        #expect((warmed.summary["trades"] as? Int ?? 0) > 0 && cold.summary["trades"] as? Int == 0, "\(warmed.summary) \(cold.summary)")
        let stored = try RunStore(database: CruptoDatabase(path: warmed.folder + "/crupto.db")).run(warmed.runId)
        #expect(stored?.firstTime == march, "the run's period is the window, not the warm-up")
    }

    /// The shipped enable map names BTCUSDT:spot; a session on the perpetual alone still runs,
    /// with a note that the spot entry is ignored.
    @Test func theShippedMapServesAPerpetualOnlySession() throws {
        let run = try Self.start(["--symbols", "BTCUSDT:usdm", "--from", "2023-03-01", "--to", "2023-03-01"])
        #expect(run.digest.count == 64, "\(run.errors)")
        #expect(run.errors.contains("symbols.BTCUSDT:spot: BTCUSDT:spot is not traded in this session (universe BTCUSDT:usdm); its entry is ignored"), "\(run.errors)")
    }

    /// A perpetual whose funding cannot be estimated (the sample has no spot ETHUSDT) is refused
    /// with the way out named; `--no-funding` runs it, paying none, and its resume keeps the choice.
    @Test func aPerpetualWithoutFundingDataNamesTheWayOut() throws {
        let window = ["--symbols", "ETHUSDT:usdm", "--from", "2023-03-01", "--to", "2023-03-03"]
        let folder = try BrainProcess.temporaryFolder()
        let refused = try BrainProcess.run(Self.arguments(folder, window))
        #expect(refused.status != 0 && refused.errors.contains("no spot ETHUSDT klines to estimate it from") && refused.errors.contains("--no-funding"), "\(refused.errors)")
        let run = try Self.start(window + ["--no-funding"])
        #expect(run.digest.count == 64, "\(run.errors)")
        let store = RunStore(database: try CruptoDatabase(path: run.folder + "/crupto.db"))
        #expect(try store.fundingPayments(run: run.runId).isEmpty)
        #expect(try store.run(run.runId)?.settings.contains("--no-funding") == true, "the runner's stored flags keep the choice for a resume")
        for flags in [["--no-funding", "--funding", "x.csv"], ["--feed", "live", "--no-funding"]] {
            let bad = try BrainProcess.run(Self.arguments(folder, flags))
            #expect(bad.status != 0 && bad.errors.contains("--no-funding"), "\(flags): \(bad.errors)")
        }
    }

    /// With no flags: the whole sample (February and March 2023), hourly decision points.
    @Test func twoRunsPrintTheSameDigestAndLeaveAFullReport() throws {
        let first = try Self.start([])
        let second = try Self.start([])
        #expect(first.digest.count == 64)
        #expect(second.digest == first.digest)
        #expect(first.summary["decisions"] as? Int == (28 + 31) * 24 - 1, "every hour but the one lost in the outage of 2023-03-24")
        let report = try #require(first.summary["report"] as? String)
        for file in ["summary.md", "manifest.json", "run.log", "equity.svg", "fills.parquet", "plans.csv"] {
            #expect(FileManager.default.fileExists(atPath: report + "/" + file), "\(file) in \(report)")
        }
        let plans = try first.journaledPlans()
        #expect(!plans.isEmpty && plans.allSatisfy { $0.source.hasPrefix("brain#") && $0.source.contains("map=") })
        #expect(plans.contains { !$0.entries.isEmpty }, "the agents enabled something")
        try Self.expectEntriesFollowTheRegimes(plans)
    }

    /// Each plan enables, for the regime its source names, only what configs/enable_map.yaml allows
    /// there; and the regimes change during the run, each change answered by a plan at that
    /// decision point (the plan in force otherwise stays: no_change).
    static func expectEntriesFollowTheRegimes(_ plans: [Plan]) throws {
        let allowed: [String: Set<String>] = [
            "bullish": ["breakout_4h", "ema_cross"], "range": ["range_rev_5m"], "bearish": [], "high_vol": [], "warming": [],
        ]
        var regimes: [String] = []
        for plan in plans {
            let regime = try #require(plan.source.components(separatedBy: "BTCUSDT=").last?.split(separator: " ").first.map(String.init))
            let names = Set(plan.entries.map(\.strategy.name))
            #expect(names.isSubset(of: allowed[regime] ?? []), "\(plan.source): \(names)")
            if regimes.last != regime { regimes.append(regime) }
        }
        #expect(Set(regimes).isSuperset(of: ["bullish", "bearish", "range"]), "regimes seen: \(regimes)")
    }

    /// The synthetic feed is written beside the database as Vision files and replayed: the same seed
    /// gives the same run, another seed another one.
    @Test func aSyntheticMarketReplaysTheSameForTheSameSeed() throws {
        let first = try Self.start(["--feed", "synthetic", "--seed", "3", "--synthetic-days", "20"])
        let second = try Self.start(["--feed", "synthetic", "--seed", "3", "--synthetic-days", "20"])
        let other = try Self.start(["--feed", "synthetic", "--seed", "4", "--synthetic-days", "20"])
        #expect(first.summary["decisions"] as? Int == 20 * 24)
        #expect(first.digest.count == 64 && second.digest == first.digest && other.digest != first.digest)
        let labels = try String(contentsOfFile: first.folder + "/synthetic/seed-3-20d/labels.csv", encoding: .utf8)
        #expect(labels.split(separator: "\n").count == 1 + 20 * 1440)
    }

    /// --symbols replaces the runner config's universe: the agents classify and the runner trades
    /// both markets, and plan sources name each (spot by its symbol).
    @Test func symbolsChooseWhatTheRunnerTrades() throws {
        let run = try Self.start(["--symbols", "BTCUSDT,BTCUSDT:usdm", "--from", "2023-02-01", "--to", "2023-02-20"])
        let plans = try run.journaledPlans()
        #expect(plans.contains { $0.source.contains("BTCUSDT=") && $0.source.contains("BTCUSDT:usdm=") })
        let markets = Set(plans.flatMap(\.entries).map(\.instrument.market))
        #expect(markets == [.spot, .usdm], "entries on both markets: \(markets)")
        let bad = try BrainProcess.run(["start", "--symbols", "BTCUSDT,BTC:perp"])
        #expect(bad.status == 64)
        #expect(bad.errors.contains("--symbols: entry 2: expected SYMBOL:MARKET such as BTCUSDT:spot, got 'BTC:perp'"))
    }

    /// The user edits the enable map while the brain runs: the next plans follow the new map and
    /// name its version; then a broken edit is reported with its line and the map stays in force.
    @Test func editingTheEnableMapWhileRunningChangesTheNextPlans() throws {
        let folder = try BrainProcess.temporaryFolder()
        let map = folder + "/enable_map.yaml"
        try Data("version: 1\ndefaults:\n  bullish: [breakout_4h]\n  range: [range_rev_5m]\n".utf8).write(to: URL(fileURLWithPath: map))
        let config = try String(contentsOfFile: BrainProcess.repoRoot + "/configs/brain.yaml", encoding: .utf8)
            .replacingOccurrences(of: "enable_map: configs/enable_map.yaml", with: "enable_map: \(map)")
        try config.write(toFile: folder + "/brain.yaml", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BrainProcess.executable)
        process.arguments = Self.arguments(folder, ["--config", folder + "/brain.yaml"])
        process.currentDirectoryURL = URL(fileURLWithPath: BrainProcess.repoRoot)
        _ = FileManager.default.createFile(atPath: folder + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: folder + "/err", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: folder + "/out")
        process.standardError = FileHandle(forWritingAtPath: folder + "/err")
        try process.run()
        func decisions() -> Int { ((try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/run/brain.json")))) as? [String: Any])?["decisions"] as? Int ?? 0 }
        func wait(until count: Int) { while decisions() < count && process.isRunning { Thread.sleep(forTimeInterval: 0.005) } }
        wait(until: 150)
        try Data("version: 1\ndefaults:\n  bullish: [ema_cross]\n  bearish: [ema_cross]\n  range: [ema_cross]\n  high_vol: [ema_cross]\n".utf8)
            .write(to: URL(fileURLWithPath: map), options: .atomic)
        let edited = decisions()
        wait(until: edited + 300)
        try Data("version: 1\ndefaults:\n  range: [ema_cross\n".utf8).write(to: URL(fileURLWithPath: map), options: .atomic)
        process.waitUntilExit()
        let output = try String(contentsOfFile: folder + "/out", encoding: .utf8)
        let errors = try String(contentsOfFile: folder + "/err", encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(errors)")
        try #require(edited < 1000, "the run ended before the edit could be made")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let alerts = summary["alerts"] as? [[String: String]] ?? []
        #expect(alerts.contains { $0["code"] == "enable_map_loaded" })
        let rejected = try #require(alerts.first { $0["code"] == "enable_map_rejected" })
        #expect(rejected["message"]?.contains("enable_map.yaml:4:1") == true, "\(rejected)")
        let runId = Int64(summary["run_id"] as? Int ?? 0)
        let plans = try RunStore(database: try CruptoDatabase(path: folder + "/crupto.db")).journal(run: runId)
            .filter { $0.type == "plan" }.map { try JSONDecoder().decode(Plan.self, from: Data($0.payload.utf8)) }
        let versions = plans.compactMap { Self.mapVersion($0.source) }
        #expect(Set(versions).count == 2, "plans name the first map, then the edited one: \(Set(versions))")
        let afterEdit = plans.drop { Self.mapVersion($0.source) != versions.last }
        let enabled = afterEdit.flatMap(\.entries).map(\.strategy.name)
        #expect(!enabled.isEmpty && enabled.allSatisfy { $0 == "ema_cross" }, "after the edit only ema_cross runs")
        #expect(plans.last.flatMap { Self.mapVersion($0.source) } == versions.last, "the broken edit left the edited map in force")
    }

    /// The enable-map version a plan's source names (`map=` and 8 hex digits).
    static func mapVersion(_ source: String) -> String? {
        source.range(of: "map=").map { String(source[$0.upperBound...].prefix(8)) }
    }
}
