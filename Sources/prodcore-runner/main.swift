import ArgumentParser
import Foundation
import ProdCore

/// The sandboxed runner process (ARCHITECTURE.md §1): feed, engine, journal and reports, driven
/// by the brain's plans over a Unix socket (docs/protocol.md).
struct ProdCoreRunner: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prodcore-runner",
        abstract: "Run the deterministic core behind a Unix socket; the brain sends plans (docs/protocol.md).",
        discussion: """
            Started by `brain start`; testable on its own. Prints the run id when listening and the \
            digest when the run ends. Exit 0 when the run finished or was stopped, 1 on an error, \
            \(ResumeError.alreadyFinishedExitStatus) when --resume names a run that already finished.
            """)

    @Option(help: "Runner settings file.")
    var config = "configs/runner.yaml"

    @Option(help: "Unix socket path (default: the config's socket).")
    var socket: String?

    @Option(help: "Database file (default: the config's database).")
    var db: String?

    @Option(help: "Reports folder (default: the config's reports).")
    var reports: String?

    @Option(help: "Feed: replay (Binance Vision files; the brain writes its synthetic market as such files) or live (Binance's public market data, docs/live.md).")
    var feed: Feed = .replay

    @Option(name: .customLong("data"), parsing: .upToNextOption, help: "Kline files or folders (default: data/sample).")
    var paths: [String] = []

    @Option(name: .customLong("funding"), parsing: .upToNextOption, help: "Binance Vision fundingRate files for the USDT-M instruments (default: estimated from the spot premium).")
    var fundingFiles: [String] = []

    @Flag(name: .customLong("no-funding"), help: "USDT-M positions pay no funding (when neither fundingRate files nor spot klines are at hand).")
    var noFunding = false

    @Option(help: "First day YYYY-MM-DD, or time YYYY-MM-DDTHH:MMZ (UTC); live: a past time backfills from there (default: the exchange's current minute).")
    var from: String?

    @Option(help: "Last day, YYYY-MM-DD (UTC), included.")
    var to: String?

    @Option(help: "End before this UTC time, YYYY-MM-DDTHH:MMZ or a day (live: once the exchange's clock passes it).")
    var until: String?

    @Option(name: .customLong("spot-rest"), help: "Live: spot REST base URL (default: the config's live.spot.rest).")
    var spotREST: String?

    @Option(name: .customLong("spot-ws"), help: "Live: spot WebSocket base URL (default: the config's live.spot.ws).")
    var spotWS: String?

    @Option(name: .customLong("usdm-rest"), help: "Live: USDT-M REST base URL (default: the config's live.usdm.rest).")
    var usdmREST: String?

    @Option(name: .customLong("usdm-ws"), help: "Live: USDT-M WebSocket base URL (default: the config's live.usdm.ws).")
    var usdmWS: String?

    @Option(name: .customLong("metrics-port"), help: "Loopback port of /metrics, 0 = none (default: the config's metrics_port).")
    var metricsPort: Int?

    @Option(help: "Instruments to trade, SYMBOL:MARKET,… (default: the config's universe).")
    var universe: String?

    @Option(name: .customLong("decision-interval"), help: "Decision interval (default: the config's).")
    var decisionInterval: Timeframe?

    @Option(name: .customLong("warm-up-days"), help: "Days before the first minute that warm up indicators and the brain without trading (default: the config's warm_up_days).")
    var warmUpDays: Int?

    @Flag(help: "Wait at every decision point for the brain's plan (default: free-running, plans apply on arrival).")
    var lockstep = false

    @Option(help: "Free-running pace: max, or N for N × real time.")
    var speed = "max"

    @Option(name: .customLong("heartbeat-timeout"), help: "Seconds of brain silence before safe mode (default: the config's).")
    var heartbeatTimeout: Double?

    @Option(name: .customLong("lockstep-timeout"), help: "Seconds to wait for a plan at a decision point (default: the config's).")
    var lockstepTimeout: Double?

    @Option(name: .customLong("batch-size"), help: "Inputs per committed batch (default 10000).")
    var batchSize = 10_000

    @Option(name: .customLong("snapshot-every"), help: "Batches between engine snapshots (default 20): a resume replays at most their product.")
    var snapshotEvery = 20

    @Option(help: "Continue run RUN_ID of a runner that died, from its snapshot and journal, with its own flags.")
    var resume: Int64?

    @Option(help: "Replay finished run RUN_ID offline from its journal and stored bars (or its files), print its digest, and exit 0 when it equals the recorded one.")
    var reproduce: Int64?

    @Flag(name: .customLong("print-sandbox"), help: "Apply the sandbox, say which protections are active, probe a write outside the allowed folders, and exit.")
    var printSandbox = false

    @Flag(name: .customLong("no-sandbox"), help: "Do not restrict the process (debugging only).")
    var noSandbox = false

    enum Feed: String, ExpressibleByArgument { case replay, live }

    func run() throws {
        var command = self
        var arguments = Array(CommandLine.arguments.dropFirst())
        RunnerLaunch.keepSQLiteTemporaryFiles(besideDatabase: try db ?? RunnerConfig.load(from: config).database)
        if let id = reproduce {
            return try Self.reproduce(run: id, overriding: self)
        }
        if let id = resume {
            (command, arguments) = try Self.stored(run: id, overriding: self)
        }
        let launch = try command.launch(arguments: arguments)
        if printSandbox { return Self.printSandbox(launch) }
        let runner: RunningRunner
        do {
            runner = try launch.start(resuming: resume) { line in
                FileHandle.standardError.write(Data("prodcore-runner: \(line)\n".utf8))
            }
        } catch let error as ResumeError where error.alreadyFinished {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode(ResumeError.alreadyFinishedExitStatus)
        }
        let signals = TerminationSignals.handle { runner.stop(signal: $0) }
        FileHandle.standardOutput.write(Data("run \(runner.session.runId) listening on \(launch.config.socket) (\(launch.pacing.mode.rawValue))\n".utf8))
        let ended = try runner.serve()
        signals.forEach { $0.cancel() }
        print("digest \(ended.digest)")
    }

    private static func reproduce(run id: Int64, overriding current: ProdCoreRunner) throws {
        var (command, arguments) = try Self.stored(run: id, overriding: current)
        command.resume = nil
        let replayed = try command.launch(arguments: arguments).reproduce(id)
        guard replayed.digest == replayed.recorded else {
            FileHandle.standardError.write(Data("Error: run \(id) did not reproduce: digest \(replayed.digest) now, \(replayed.recorded) recorded\n".utf8))
            throw ExitCode(1)
        }
        print("run \(id) reproduced: digest \(replayed.recorded) (\(replayed.inputs) inputs replayed offline)")
    }

    /// The flags run `id` was started with, read from its database; socket, database and reports
    /// paths given now still apply.
    private static func stored(run id: Int64, overriding current: ProdCoreRunner) throws -> (ProdCoreRunner, [String]) {
        // The run's own directory holds its config; only the database is needed to find it.
        let database = try current.db ?? current.launch(arguments: []).config.database
        let store = RunStore(database: try CruptoDatabase(path: database))
        guard let run = try store.run(id) else { throw RunnerError("no run \(id) in \(database)") }
        let settings = try JSONDecoder().decode(RunSettings.self, from: Data(run.settings.utf8))
        guard FileManager.default.changeCurrentDirectoryPath(settings.directory) else {
            throw RunnerError("run \(id) was started in \(settings.directory), which is gone")
        }
        var command = try ProdCoreRunner.parse(settings.arguments)
        command.socket = current.socket ?? command.socket
        command.db = current.db ?? command.db
        command.reports = current.reports ?? command.reports
        command.resume = id
        return (command, settings.arguments)
    }

    private func launch(arguments: [String]) throws -> RunnerLaunch {
        var settings = try RunnerConfig.load(from: config)
        if let socket { settings.socket = socket }
        if let db { settings.database = db }
        if let reports { settings.reports = reports }
        if let metricsPort {
            guard (0...65_535).contains(metricsPort) else { throw ValidationError("--metrics-port: expected 1…65535, or 0 for no metrics") }
            settings.metricsPort = metricsPort
        }
        if let universe {
            do {
                settings.universe = try RunnerConfig.universe(universe.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
            } catch {
                throw ValidationError("--universe: \(error.index.map { "entry \($0 + 1): " } ?? "")\(error.reason)")
            }
        }
        if let warmUpDays {
            guard (0...365).contains(warmUpDays) else { throw ValidationError("--warm-up-days: expected 0…365, got \(warmUpDays)") }
            settings.warmUpDays = warmUpDays
        }
        if let decisionInterval {
            guard decisionInterval.milliseconds >= Timeframe.m5.milliseconds else { throw ValidationError("--decision-interval: at least 5m") }
            settings.decisionInterval = decisionInterval
        }
        for (flag, seconds, setting) in [
            ("--heartbeat-timeout", heartbeatTimeout, \RunnerConfig.heartbeatTimeout), ("--lockstep-timeout", lockstepTimeout, \.lockstepTimeout),
        ] {
            guard let seconds else { continue }
            guard let duration = SettingBounds.duration(seconds: seconds, in: SettingBounds.timeoutSeconds) else {
                throw ValidationError("\(flag): " + SettingBounds.expected(SettingBounds.timeoutSeconds, "seconds", got: "\(seconds)"))
            }
            settings[keyPath: setting] = duration
        }
        let pace: Double?
        if speed == "max" {
            pace = nil
        } else {
            guard let factor = Double(speed), factor.isFinite, SettingBounds.speed.contains(factor) else {
                throw ValidationError("--speed: max, or " + SettingBounds.expected(SettingBounds.speed, "a multiple of real time", got: "'\(speed)'"))
            }
            pace = factor
        }
        let given = ["--spot-rest": spotREST, "--spot-ws": spotWS, "--usdm-rest": usdmREST, "--usdm-ws": usdmWS].compactMapValues { $0 }
        if let flag = given.keys.sorted().first, feed != .live { throw ValidationError("\(flag) is for --feed live") }
        let endpoints: LiveEndpoints
        do {
            endpoints = try settings.live.overriding(given)
        } catch {
            throw ValidationError(error.description.replacingOccurrences(of: "refused endpoint: ", with: ""))
        }
        if feed == .live && !paths.isEmpty { throw ValidationError("--data is for --feed replay; --feed live reads the exchange") }
        if feed == .live && (noFunding || !fundingFiles.isEmpty) {
            throw ValidationError("--funding and --no-funding are for --feed replay; --feed live settles the rates the exchange publishes")
        }
        if noFunding && !fundingFiles.isEmpty { throw ValidationError("--no-funding and --funding: choose one") }
        var launch = RunnerLaunch(
            configFile: config, config: settings, dataPaths: paths, period: try ReplayData.period(from: from, to: to, until: until),
            pacing: RunnerPacing(mode: lockstep ? .lockstep : .freeRunning, speed: pace), arguments: arguments,
            sandboxed: !noSandbox)
        launch.metricsPortIsExplicit = metricsPort != nil
        launch.live = feed == .live ? endpoints : nil
        launch.fundingFiles = fundingFiles
        launch.applyFunding = !noFunding
        guard (1...10_000_000).contains(batchSize) else { throw ValidationError("--batch-size: expected 1...10000000, got \(batchSize)") }
        guard (1...1_000_000).contains(snapshotEvery) else { throw ValidationError("--snapshot-every: expected 1...1000000, got \(snapshotEvery)") }
        launch.batchSize = batchSize
        launch.snapshotEvery = snapshotEvery
        return launch
    }

    private static func printSandbox(_ launch: RunnerLaunch) {
        for folder in launch.writableFolders { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let sandbox = RunnerSandbox.apply(writableFolders: launch.writableFolders, network: launch.networkAllowance)
        print(sandbox.description)
        let outside = FileManager.default.temporaryDirectory.path
        let probe = RunnerSandbox.probeWrite(in: outside)
        print("probe: write in \(outside): " + (probe.map { "blocked (\($0))" } ?? "allowed"))
        for folder in launch.writableFolders {
            print("probe: write in \(folder): " + (RunnerSandbox.probeWrite(in: folder).map { "blocked (\($0))" } ?? "allowed"))
        }
        // Port 1 is never the feed's: the sandbox denies it (EACCES); an allowed port is reached
        // (or refused by 127.0.0.1 when nothing listens there).
        for port in [1] + launch.networkAllowance.connectPorts {
            print("probe: TCP connect 127.0.0.1:\(port): \(RunnerSandbox.probeConnect(port: port))")
        }
    }
}

extension Timeframe: ExpressibleByArgument {}

ProdCoreRunner.main()
