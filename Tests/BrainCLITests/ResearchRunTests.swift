import Foundation
import ProdCore
import Testing

/// `brain research run`, one cycle of the ResearchAgent from outside: a candidate around each
/// paper-stage strategy, each gated in its own low-priority process, each verdict a proposal;
/// with research.auto_promote exactly the passing ones are promoted, at stage canary.
struct ResearchRunTests {
    @Test func eachPaperStrategysNeighbourhoodIsGatedRecordedAndPromotedOnlyIfItPasses() throws {
        let folder = try BrainProcess.temporaryFolder()
        for name in ["strategies.yaml", "enable_map.yaml"] {
            try FileManager.default.copyItem(atPath: BrainProcess.repoRoot + "/configs/" + name, toPath: folder + "/" + name)
        }
        var brain = try String(contentsOfFile: BrainProcess.repoRoot + "/configs/brain.yaml", encoding: .utf8)
        brain = brain.replacingOccurrences(of: "enable_map: configs/enable_map.yaml", with: "enable_map: \(folder)/enable_map.yaml")
            .replacingOccurrences(of: "auto_promote: false", with: "auto_promote: true\n  promote_regimes: [bullish]")
        try brain.write(toFile: folder + "/brain.yaml", atomically: true, encoding: .utf8)
        let research = try GateTests.settings(
            folder, replacing: GateTests.lenientThresholds + [("registry: configs/strategies.yaml", "registry: \(folder)/strategies.yaml")])
        let run = try BrainProcess.run([
            "research", "run", "--config", folder + "/brain.yaml", "--research-config", research, "--out", folder + "/generated",
            "--reports", folder + "/reports", "--db", folder + "/crupto.db",
        ])
        #expect(run.status == 0, "\(run.errors)")
        let proposals = try RunStore(database: CruptoDatabase(path: folder + "/crupto.db")).proposals()
        #expect(proposals.count == 3, "one per paper-stage strategy of the registry")
        let registry = try String(contentsOfFile: folder + "/strategies.yaml", encoding: .utf8)
        for proposal in proposals {
            let report = try #require(proposal.gateReport, "\(proposal.candidate): \(proposal.note ?? "")")
            let gate = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report + "/gate.json"))) as? [String: Any]
            let passed = (gate?["checks"] as? [[String: Any]] ?? []).allSatisfy { $0["passed"] as? Bool == true || $0["blocking"] as? Bool == false }
            #expect(proposal.passed == passed && proposal.promoted == passed, "\(proposal.candidate)")
            #expect(registry.contains("{id: \(proposal.candidate),") == passed)
            #expect(FileManager.default.fileExists(atPath: proposal.file))
        }
        #expect(registry.components(separatedBy: "stage: canary").count - 1 == proposals.count { $0.promoted })
        let listed = try BrainProcess.run(["research", "proposals", "--db", folder + "/crupto.db"])
        #expect(listed.output.split(separator: "\n").count == 3 && proposals.allSatisfy { listed.output.contains($0.candidate) })
    }
}
