import ExchangeSim
import Foundation
import ProdCore
import Yams

/// The files one scenario runs on, under its own folder: copies of the shipped configs with the
/// scenario's overrides merged in (so the user's configs/ are never touched, not even by an
/// enable-map edit), the synthetic market, and a folder per run for the database, reports and socket.
/// Paths inside the shipped configs are relative to the working directory, as for `brain start`.
struct ScenarioWorkspace {
    let folder: String
    let scenario: Scenario
    /// The shipped brain settings the scenario's overrides are merged into.
    let baseConfig: String

    /// What every run of the scenario starts from.
    struct Start {
        var feed: BrainLaunch.Feed
        /// The enable map's and the strategy registry's texts at the start of each run (a run's
        /// edits and promotions do not carry over).
        var enableMap: String
        var registry: String
    }

    /// Writes the configs and the market into the (new) folder.
    func prepare() throws -> Start {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let brainBase = try YAMLConfigLoader.compose(try YAMLConfigLoader.read(baseConfig), file: baseConfig)
        let runnerFile = try scalar(brainBase, "runner_config", in: baseConfig)
        let runnerBase = try YAMLConfigLoader.compose(try YAMLConfigLoader.read(runnerFile), file: runnerFile)
        let governanceFile = try scalar(runnerBase, "governance_file", in: runnerFile)
        let governanceBase = try YAMLConfigLoader.compose(try YAMLConfigLoader.read(governanceFile), file: governanceFile)

        var brain = try merged(brainBase, .brain, base: baseConfig)
        brain.mapping?["runner_config"] = Node(path("runner.yaml"))
        brain.mapping?["enable_map"] = Node(path("enable_map.yaml"))
        var runner = try merged(runnerBase, .runner, base: runnerFile)
        runner.mapping?["governance_file"] = Node(path("governance.yaml"))
        // Scenarios serve no metrics unless they ask: several may run at once.
        if scenario.configOverrides[.brain]?.mapping?["metrics_port"] == nil { brain.mapping?["metrics_port"] = Node("0") }
        if scenario.configOverrides[.runner]?.mapping?["metrics_port"] == nil { runner.mapping?["metrics_port"] = Node("0") }
        var feed = BrainLaunch.Feed()
        feed.decisionInterval = scenario.decisionInterval
        feed.lockstepTimeout = scenario.lockstepTimeout
        switch scenario.market {
        case .replay(let dataPaths, let from, let to):
            (feed.dataPaths, feed.from, feed.to) = (dataPaths, from, to)
        case .synthetic(let script):
            runner.mapping?["universe"] = Node([Node("\(script.symbol):spot")])
            let market = SyntheticMarket(seed: script.seed, interval: .m1, start: script.start, segments: script.segments)
            feed.dataPaths = [try SyntheticVisionWriter.write(market, symbol: script.symbol, to: path("market")).dataFolder]
        }
        try write(serialize(node: brain), "brain.yaml")
        try write(serialize(node: runner), "runner.yaml")
        try write(serialize(node: try merged(governanceBase, .governance, base: governanceFile)), "governance.yaml")
        let enableMap = try scenario.enableMap ?? YAMLConfigLoader.read(try scalar(brainBase, "enable_map", in: baseConfig))
        let registry = FileManager.default.fileExists(atPath: Self.registry) ? try YAMLConfigLoader.read(Self.registry) : ""
        return Start(feed: feed, enableMap: enableMap, registry: registry)
    }

    func path(_ name: String) -> String { "\(folder)/\(name)" }

    /// The shipped strategy registry a scenario's promotions start from.
    static let registry = "configs/strategies.yaml"

    /// A new folder for run `number`, with the enable map and the registry put back as they were at the start.
    func runFolder(_ number: Int, start: Start) throws -> String {
        try write(start.enableMap, "enable_map.yaml")
        try write(start.registry, "strategies.yaml")
        let run = path("run-\(number)")
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        return run
    }

    private func write(_ text: String, _ name: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)), options: .atomic)
    }

    private func scalar(_ root: Node, _ key: String, in file: String) throws(ConfigError) -> String {
        guard let value = root.mapping?[key]?.string, !value.isEmpty else { throw ConfigError(file: file, field: key, reason: "required field is missing") }
        return value
    }

    private func merged(_ base: Node, _ file: Scenario.ConfigFile, base baseFile: String) throws(ConfigError) -> Node {
        guard let override = scenario.configOverrides[file] else { return base }
        return try ConfigMerge(scenarioFile: scenario.file, baseFile: baseFile).merge(override, into: base, field: "config.\(file.rawValue)")
    }
}

/// Merges a scenario's settings into a shipped config: mappings key by key, anything else
/// replaced. A key the shipped file does not have is an error (a typo would otherwise be ignored).
struct ConfigMerge {
    let scenarioFile: String
    let baseFile: String

    func merge(_ override: Node, into base: Node, field: String) throws(ConfigError) -> Node {
        guard let overrides = override.mapping, var result = base.mapping else { return override }
        for (keyNode, value) in overrides {
            let key = keyNode.string ?? ""
            let place = "\(field).\(key)"
            guard let current = result[key] else {
                let known = result.keys.compactMap(\.string).joined(separator: ", ")
                throw ConfigError(file: scenarioFile, line: keyNode.mark?.line, column: keyNode.mark?.column, field: place,
                    reason: "\(baseFile) has no '\(key)' (it has \(known))")
            }
            result[key] = try merge(value, into: current, field: place)
        }
        return Node.mapping(result)
    }
}
