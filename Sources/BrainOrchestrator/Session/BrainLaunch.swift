import Foundation
import ProdCore

/// The settings of one brain run and the objects that carry it out: `brain start` and the e2e
/// harness both launch the brain through this, so a scenario runs exactly what a user runs.
public struct BrainLaunch: Sendable {
    /// What the runner replays and how fast; `nil` = the runner config's value.
    public struct Feed: Sendable {
        public var dataPaths: [String] = []
        public var from: String?
        public var to: String?
        public var until: String?
        /// Read the exchange (`--feed live`) instead of files.
        public var live = false
        /// `--spot-rest URL` and the like, passed to the runner as given.
        public var endpointFlags: [String] = []
        /// `max` (lockstep) or N × real time.
        public var speed = "max"
        public var decisionInterval: Timeframe?
        public var warmUpDays: Int?
        /// A replay's USDT-M funding: fundingRate files, or none (`--no-funding`); default: estimated.
        public var fundingFiles: [String] = []
        public var noFunding = false
        public var lockstepTimeout: Double?
        public init() {}
    }

    public let configFile: String
    public let brainConfig: BrainConfig
    public let runnerConfig: RunnerConfig
    public var feed = Feed()
    /// Loopback ports of the brain's and the runner's /metrics instead of the configs' (0 = none).
    public var metricsPort: Int?
    public var runnerMetricsPort: Int?
    /// What the runner trades instead of the runner config's universe; `nil` = the config's.
    public var symbols: [InstrumentID]?
    /// Continue this run (stopped by a crash, or left by a brain that died) instead of starting one.
    public var resume: Int64?

    /// Loads the brain's and the runner's settings; `database`, `reports` and `socket` override the runner's.
    public init(configFile: String, database: String? = nil, reports: String? = nil, socket: String? = nil) throws(ConfigError) {
        self.configFile = configFile
        brainConfig = try BrainConfig.load(from: configFile)
        var runner = try RunnerConfig.load(from: brainConfig.runnerConfig)
        if let socket { runner.socket = socket }
        if let database { runner.database = database }
        if let reports { runner.reports = reports }
        runnerConfig = runner
    }

    /// The folder of the database: logs, status file and synthetic feeds go under it.
    public var storageFolder: String { (runnerConfig.database as NSString).deletingLastPathComponent }

    /// A session ready to run, with its runner not yet started.
    public func session(
        runnerExecutable: String, options: BrainSession.Options, log: @escaping @Sendable (String) -> Void,
        progress: @escaping @Sendable (DecisionSnapshot) -> Void
    ) throws -> BrainSession {
        let log = EventLog.open(process: "brain", folder: storageFolder + "/logs", console: log)
        let watcher = try EnableMapWatcher(path: brainConfig.enableMap, parser: EnableMapParser(universe: symbols ?? runnerConfig.universe))
        for note in watcher.map.notes { log("enable_map_note", note, ["file": brainConfig.enableMap]) }
        let supervisor = RunnerSupervisor(
            executable: runnerExecutable, arguments: runnerFlags(),
            pathArguments: ["--socket", runnerConfig.socket, "--db", runnerConfig.database, "--reports", runnerConfig.reports],
            socketPath: runnerConfig.socket, logFolder: storageFolder + "/logs")
        supervisor.runId = resume
        var options = options
        options.lockstep = feed.speed == "max"
        options.statusFile = options.statusFile ?? storageFolder + "/run/brain.json"
        options.databaseFile = runnerConfig.database
        options.reportsFolder = runnerConfig.reports
        options.journalFolder = options.journalFolder ?? storageFolder + "/brain"
        let hardLimits = try GovernanceLimits.load(from: runnerConfig.governanceFile)
        let telemetry = try Telemetry.start(
            port: metricsPort ?? brainConfig.metricsPort, catalog: MetricCatalog.brain, explicit: metricsPort != nil,
            setting: "metrics_port in \(configFile)", warn: { log("metrics_warning", "warning: " + $0, level: .warning) })
        if let telemetry { log("metrics_listening", "metrics on http://127.0.0.1:\(telemetry.server.port)/metrics", ["port": "\(telemetry.server.port)"]) }
        let session = BrainSession(
            config: brainConfig, options: options, supervisor: supervisor, watcher: watcher,
            hardLimits: hardLimits, telemetry: telemetry, log: log, progress: progress)
        if let command = options.researchCommand, brainConfig.research.everyHours > 0 {
            session.research = ResearchCycles(
                command: command, every: Int64(brainConfig.research.everyHours * 3_600_000), logFolder: storageFolder + "/logs",
                database: runnerConfig.database)
        }
        return session
    }

    private func runnerFlags() -> [String] {
        var flags = ["--config", brainConfig.runnerConfig]
        if feed.speed == "max" { flags.append("--lockstep") } else { flags += ["--speed", feed.speed] }
        if let symbols { flags += ["--universe", symbols.map(\.key).joined(separator: ",")] }
        if let runnerMetricsPort { flags += ["--metrics-port", String(runnerMetricsPort)] }
        if feed.live { flags += ["--feed", "live"] + feed.endpointFlags }
        if !feed.dataPaths.isEmpty { flags += ["--data"] + feed.dataPaths }
        if let from = feed.from { flags += ["--from", from] }
        if let to = feed.to { flags += ["--to", to] }
        if let until = feed.until { flags += ["--until", until] }
        if let interval = feed.decisionInterval { flags += ["--decision-interval", interval.rawValue] }
        if let timeout = feed.lockstepTimeout { flags += ["--lockstep-timeout", String(timeout)] }
        if let days = feed.warmUpDays { flags += ["--warm-up-days", String(days)] }
        if !feed.fundingFiles.isEmpty { flags += ["--funding"] + feed.fundingFiles }
        if feed.noFunding { flags.append("--no-funding") }
        return flags
    }
}
