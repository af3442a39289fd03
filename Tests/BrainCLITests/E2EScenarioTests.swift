import Foundation
import Testing

/// `brain e2e run`: every scenario in Tests/Scenarios passes, a scenario whose expectations are
/// wrong fails (the checks can fail), and a bad scenario file is an error naming its line.
@Suite(.serialized) struct E2EScenarioTests {
    static let scenarios: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: BrainProcess.repoRoot + "/Tests/Scenarios")) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    static func run(_ files: [String]) throws -> (status: Int32, reports: [[String: Any]], errors: String) {
        let work = try BrainProcess.temporaryFolder()
        let result = try BrainProcess.run(["e2e", "run", "--json", "--work", work] + files)
        let reports = (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [[String: Any]] ?? []
        return (result.status, reports, result.errors)
    }

    @Test func theShippedScenariosAreThere() {
        for name in ["bull_range_bear", "crash_daily_loss", "enable_map_edit", "enable_map_invalid_edit", "runner_killed", "brain_silent"] {
            #expect(Self.scenarios.contains(name + ".yaml"))
        }
    }

    @Test(arguments: scenarios) func scenarioPasses(file: String) throws {
        let run = try Self.run(["Tests/Scenarios/" + file])
        let report = try #require(run.reports.first, "no report: \(run.errors)")
        for check in report["checks"] as? [[String: Any]] ?? [] {
            #expect(check["passed"] as? Bool == true, "\(file): \(check["name"] ?? "?"): \(check["detail"] ?? "?")")
        }
        #expect(report["passed"] as? Bool == true)
        #expect(run.status == 0, "\(run.errors)")
    }

    /// The same market as a passing scenario with expectations it does not meet: each check fails
    /// with what was observed, and the command exits 1.
    @Test func wrongExpectationsFail() throws {
        let folder = try BrainProcess.temporaryFolder()
        let file = folder + "/wrong.yaml"
        try """
            market:
              replay: {data: [data/sample], from: 2023-02-01, to: 2023-02-20}
            expect:
              decisions: 5
              regimes:
                BTCUSDT: {sequence: [bearish, bullish, bearish, bullish, bearish, bullish], max_switches: 0}
              strategies:
                - {only: [funding_rev]}
              governor_events: {daily_loss_halt: 3}
              alerts: [runner_crashed]
              restarts: {min: 1}
              fills: {max: 0}
              artifacts: [nothing.csv]
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try Self.run([file])
        #expect(run.status == 1)
        let report = try #require(run.reports.first, "\(run.errors)")
        let checks = report["checks"] as? [[String: Any]] ?? []
        #expect(checks.count == 8)
        for check in checks { #expect(check["passed"] as? Bool == false, "\(check["name"] ?? "?") should fail: \(check["detail"] ?? "?")") }
        #expect(report["passed"] as? Bool == false)
    }

    @Test func aSettingTheShippedConfigDoesNotHaveIsAnErrorNamingItsLine() throws {
        let folder = try BrainProcess.temporaryFolder()
        let file = folder + "/typo.yaml"
        try """
            market:
              replay: {from: 2023-02-01, to: 2023-02-02}
            config:
              brain:
                risk:
                  risk_per_trade: "1"
            expect:
              decisions: 24
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try Self.run([file])
        #expect(run.status != 0)
        #expect(run.errors.contains("typo.yaml:6:7: config.brain.risk.risk_per_trade: configs/brain.yaml has no 'risk_per_trade'"), "\(run.errors)")
    }
}
