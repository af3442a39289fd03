import Foundation
import ProdCore
import Testing

/// `brain research promote` and `demote` from outside: without a passing gate report of this very
/// candidate nothing changes; with one, the registry and the enable map change together, an
/// audit row is written, and a running `brain start` trades the promoted strategy from a decision
/// point after the change; a demotion restores the map line for line; an interrupted pair write
/// is finished by the next command.
@Suite(.serialized) struct PromotionTests {
    static let candidate = GateTests.candidate.replacingOccurrences(of: "id: gate_test", with: "id: promo_test")

    struct Workspace {
        let folder: String
        var registry: String { folder + "/strategies.yaml" }
        var enableMap: String { folder + "/enable_map.yaml" }
        var candidate: String { folder + "/candidate.yaml" }
        var files: [String] {
            ["--registry", registry, "--enable-map", enableMap, "--history", folder + "/history", "--reports", folder + "/reports", "--db", folder + "/crupto.db"]
        }

        init() throws {
            folder = try BrainProcess.temporaryFolder()
            for name in ["strategies.yaml", "enable_map.yaml"] {
                try FileManager.default.copyItem(atPath: BrainProcess.repoRoot + "/configs/" + name, toPath: folder + "/" + name)
            }
            try PromotionTests.candidate.write(toFile: candidate, atomically: true, encoding: .utf8)
        }

        func contents() throws -> [String] { try [registry, enableMap].map { try String(contentsOfFile: $0, encoding: .utf8) } }

        func promotions() throws -> [PromotionRecord] {
            guard FileManager.default.fileExists(atPath: folder + "/crupto.db") else { return [] }
            return try RunStore(database: CruptoDatabase(path: folder + "/crupto.db")).promotions()
        }
    }

    @Test func withoutAPassingGateOfThisCandidateNothingChanges() throws {
        let work = try Workspace()
        let before = try work.contents()
        let refused = try BrainProcess.run(["research", "promote", work.candidate, "--regimes", "bullish"] + work.files)
        #expect(refused.status == 1 && refused.errors.contains("no passing gate report"), "\(refused.errors)")
        // A failing gate (the shipped thresholds) is no better.
        let gate = try BrainProcess.run(["research", "gate", work.candidate, "--reports", work.folder + "/reports"])
        #expect(gate.status == 1)
        let again = try BrainProcess.run(["research", "promote", work.candidate, "--regimes", "bullish"] + work.files)
        #expect(again.status == 1 && again.errors.contains("no passing gate report"), "\(again.errors)")
        // A passing one of another version of the file is not this candidate's.
        let lenient = try GateTests.settings(work.folder, replacing: GateTests.lenientThresholds)
        #expect(try BrainProcess.run(["research", "gate", work.candidate, "--config", lenient, "--reports", work.folder + "/reports"]).status == 0)
        try (Self.candidate + "\nfill: close\n").write(toFile: work.candidate, atomically: true, encoding: .utf8)
        let edited = try BrainProcess.run(["research", "promote", work.candidate, "--regimes", "bullish"] + work.files)
        #expect(edited.status == 1 && edited.errors.contains("no passing gate report"), "\(edited.errors)")
        #expect(try work.contents() == before && work.promotions().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: work.folder + "/history"))
    }

    @Test func aPromotionReachesARunningSessionAndADemotionRestoresTheMap() throws {
        let work = try Workspace()
        let before = try work.contents()
        var brainYAML = try String(contentsOfFile: BrainProcess.repoRoot + "/configs/brain.yaml", encoding: .utf8)
        brainYAML = brainYAML.replacingOccurrences(of: "enable_map: configs/enable_map.yaml", with: "enable_map: \(work.enableMap)")
        try brainYAML.write(toFile: work.folder + "/brain.yaml", atomically: true, encoding: .utf8)
        let session = try BrainCrashTests.Session(
            ["--config", work.folder + "/brain.yaml", "--speed", "2000", "--warm-up-days", "0", "--from", "2023-03-01", "--to", "2023-03-01",
             "--decision-interval", "5m"], folder: work.folder)
        // A day at 2000×: ~43 s, so a promotion made a few seconds in (a sweep, then both files)
        // reaches the session with most of its decision points still ahead, even on a loaded machine.
        session.waitForDecisions(40)
        let promote = try BrainProcess.run(
            ["research", "promote", work.candidate, "--regimes", "bullish,bearish,range,high_vol", "--override", "the e2e test promotes without a gate"] + work.files)
        #expect(promote.status == 0, "\(promote.errors)")
        let (status, summary, errors) = try session.finish()
        #expect(status == 0, "\(errors)")
        #expect(errors.contains("enable map") && errors.contains("loaded from \(work.enableMap)"), "the brain reloaded the map: \(errors)")
        let store = RunStore(database: try CruptoDatabase(path: work.folder + "/crupto.db"))
        let line = try #require(try work.contents()[0].split(separator: "\n").first { $0.contains("{id: promo_test,") })
        let spec = try #require(line.split(separator: "\"").dropFirst().first.map(String.init), "\(line)")
        let plans = try store.plans(run: BrainCrashTests.runId(summary))
        let first = plans.firstIndex { $0.applied && $0.text.contains(spec) }
        #expect(first != nil && first! > 0, "an applied plan trades the promoted \(spec), after plans that did not")
        #expect(!plans[..<(first ?? 0)].contains { $0.text.contains(spec) })
        let audit = try work.promotions()
        #expect(audit.count == 1 && audit[0].action == "promote" && audit[0].overrideReason == "the e2e test promotes without a gate" && audit[0].enableMapBefore == before[1])

        let demote = try BrainProcess.run(["research", "demote", "promo_test", "--reason", "the test is over"] + work.files)
        #expect(demote.status == 0, "\(demote.errors)")
        let after = try work.contents()
        #expect(after[1] == before[1], "the map is back, line for line")
        #expect(after[0].contains("{id: promo_test,") && after[0].contains("stage: retired"))
        #expect(try work.promotions().map(\.action) == ["promote", "demote"])
    }

    @Test func aPairWriteACrashInterruptedIsFinishedByTheNextCommand() throws {
        let work = try Workspace()
        // The state a kill between the two renames leaves: the registry replaced, the map not, the intent kept.
        let intentFolder = work.folder + "/history/20261130T000000.000Z_promote_x"
        try FileManager.default.createDirectory(atPath: intentFolder, withIntermediateDirectories: true)
        let newRegistry = try String(contentsOfFile: work.registry, encoding: .utf8) + "  - {id: x, strategy: \"breakout_4h\", stage: paper, risk_weight: 1}\n"
        let newMap = try String(contentsOfFile: work.enableMap, encoding: .utf8) + "\n# changed together\n"
        try newRegistry.write(toFile: work.registry, atomically: true, encoding: .utf8)
        let intent = ["files": [work.registry: newRegistry, work.enableMap: newMap]]
        try JSONSerialization.data(withJSONObject: intent).write(to: URL(fileURLWithPath: intentFolder + "/intent.json"))
        let next = try BrainProcess.run(["research", "demote", "x", "--reason", "finishing then undoing"] + work.files)
        #expect(next.status == 0 && next.errors.contains("finished the interrupted change recorded in \(intentFolder)"), "\(next.errors)")
        #expect(!FileManager.default.fileExists(atPath: intentFolder + "/intent.json"))
        #expect(try String(contentsOfFile: work.enableMap, encoding: .utf8).hasSuffix("# changed together\n"), "the map got its half of the change")
    }
}
