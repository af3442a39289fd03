import Foundation
import ProdCore

/// What a scenario came to.
public struct ScenarioReport: Sendable {
    public var name: String
    public var file: String
    public var runs: Int
    public var digest: String
    public var seconds: Double
    public var checks: [ScenarioCheck]
    public var passed: Bool { checks.allSatisfy(\.passed) }
}

/// Runs e2e scenarios through the same launch as `brain start`: a real runner process driven by
/// the agents, with the scenario's actions applied at their decision points.
public struct ScenarioRunner: Sendable {
    public var runnerExecutable: String
    /// The `brain` that runs a scenario's promotions (`brain research promote`).
    public var brainExecutable: String?
    /// Each scenario gets `workFolder/NAME`, emptied first.
    public var workFolder: String
    /// The shipped brain settings the scenarios' overrides apply to.
    public var baseConfig = "configs/brain.yaml"
    public var log: @Sendable (String) -> Void

    public init(runnerExecutable: String, workFolder: String, log: @escaping @Sendable (String) -> Void) {
        self.runnerExecutable = runnerExecutable
        self.workFolder = workFolder
        self.log = log
    }

    public func run(_ scenario: Scenario) throws -> ScenarioReport {
        let clock = ContinuousClock.now
        let workspace = ScenarioWorkspace(folder: "\(workFolder)/\(scenario.name)", scenario: scenario, baseConfig: baseConfig)
        if FileManager.default.fileExists(atPath: workspace.folder) { try FileManager.default.removeItem(atPath: workspace.folder) }
        let start = try workspace.prepare()
        let main = try runOnce(workspace, start: start, number: 1, actions: scenario.actions)
        var digests: [Scenario.DigestCheck: String] = [:]
        var runs = 1
        for case .digest(let kind) in scenario.expectations where digests[kind] == nil {
            runs += 1
            let actions = kind == .stable ? scenario.actions : ScenarioActions()
            digests[kind] = try runOnce(workspace, start: start, number: runs, actions: actions).result.digest
        }
        let checks = ScenarioChecks(scenario: scenario, observed: main, digests: digests)
        let elapsed = ContinuousClock.now - clock
        return ScenarioReport(
            name: scenario.name, file: scenario.file, runs: runs, digest: main.result.digest,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            checks: scenario.expectations.map(checks.check))
    }

    private func runOnce(_ workspace: ScenarioWorkspace, start: ScenarioWorkspace.Start, number: Int, actions: ScenarioActions) throws -> ScenarioObservation {
        let folder = try workspace.runFolder(number, start: start)
        var launch = try BrainLaunch(
            configFile: workspace.path("brain.yaml"), database: folder + "/crupto.db", reports: folder + "/reports", socket: folder + "/prodcore.sock")
        launch.feed = start.feed
        var options = BrainSession.Options()
        let promoter = brainExecutable.map { brain in
            ScenarioPromoter(
                brainExecutable: brain, registry: workspace.path("strategies.yaml"), enableMap: workspace.path("enable_map.yaml"),
                history: workspace.path("history"), reports: folder + "/reports", database: folder + "/crupto.db")
        }
        options.harness = ScenarioHarness(actions, promoter: promoter)
        let name = workspace.scenario.name
        let session = try launch.session(
            runnerExecutable: runnerExecutable, options: options, log: { [log] in log("\(name) run \(number): \($0)") }, progress: { _ in })
        let result = try session.run()
        return try ScenarioObservation(result: result, database: launch.runnerConfig.database)
    }
}
