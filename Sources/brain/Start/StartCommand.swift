import AgentTools
import ArgumentParser
import BrainOrchestrator
import ExchangeSim
import Foundation
import ProdCore

/// `brain start`: spawns the sandboxed runner, drives it with the agents' plans until the feed
/// ends (or Ctrl-C, SIGTERM, `brain stop`, --duration), and prints the run id, digest and report.
struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Run the brain: spawn prodcore-runner, answer every decision point with the agents' plan.",
        discussion: """
            With no flags it replays data/sample in lockstep at full speed, writes the report and \
            exits 0, printing the run id, digest and report path; the same inputs give the same \
            digest. Edit the enable map while it runs: a change is applied at the next decision \
            point. Ctrl-C, SIGTERM or `brain stop` end the run gracefully (report exported). \
            --speed N runs free (plans apply on arrival) at N × real time.
            """)

    @Option(help: "Brain settings file.")
    var config = "configs/brain.yaml"

    @Option(help: "Feed: replay (Binance Vision files), synthetic (seeded regime-switching market, spot BTCUSDT) or live (Binance's public market data, paper only; docs/live.md).")
    var feed: FeedKind = .replay

    @Option(name: .customLong("data"), parsing: .upToNextOption, help: "Replay: kline files or folders (default: data/sample).")
    var paths: [String] = []

    @Option(help: "Instruments to trade, SYMBOL[:MARKET],… (market spot or usdm, default spot; default: the runner config's universe).")
    var symbols: String?

    @Option(help: "Synthetic: seed of the market.")
    var seed: UInt64 = 1

    @Option(name: .customLong("synthetic-days"), help: "Synthetic: days of 1m bars, from 2024-01-01.")
    var syntheticDays = 60

    @Option(help: "First day YYYY-MM-DD, or time YYYY-MM-DDTHH:MMZ (UTC); live: a past time backfills from there (default: the exchange's current minute).")
    var from: String?

    @Option(help: "Last day, YYYY-MM-DD (UTC), included.")
    var to: String?

    @Option(help: "End before this UTC time, YYYY-MM-DDTHH:MMZ or a day; live: stops gracefully once the exchange's clock passes it.")
    var until: String?

    @Option(name: .customLong("spot-rest"), help: "Live: spot REST base URL (default: the runner config's live.spot.rest).")
    var spotREST: String?

    @Option(name: .customLong("spot-ws"), help: "Live: spot WebSocket base URL (default: the runner config's live.spot.ws).")
    var spotWS: String?

    @Option(name: .customLong("usdm-rest"), help: "Live: USDT-M REST base URL (default: the runner config's live.usdm.rest).")
    var usdmREST: String?

    @Option(name: .customLong("usdm-ws"), help: "Live: USDT-M WebSocket base URL (default: the runner config's live.usdm.ws).")
    var usdmWS: String?

    @Option(help: "max (lockstep: every decision point waits for the brain) or N (free-running at N × real time).")
    var speed = "max"

    @Option(help: "Stop gracefully after this many wall seconds.")
    var duration: Double?

    @Option(name: .customLong("decision-interval"), help: "Decision interval (default: the runner config's).")
    var decisionInterval: Timeframe?

    @Option(name: .customLong("lockstep-timeout"), help: "Seconds the runner waits for a plan before safe mode (default: the runner config's).")
    var lockstepTimeout: Double?

    @Option(name: .customLong("funding"), parsing: .upToNextOption, help: "Binance Vision fundingRate files for the USDT-M symbols of a replay (default: estimated from the spot premium, which needs spot klines of the same symbol).")
    var fundingFiles: [String] = []

    @Flag(name: .customLong("no-funding"), help: "A replay's USDT-M positions pay no funding (for a perpetual without spot klines or fundingRate files).")
    var noFunding = false

    @Option(name: .customLong("warm-up-days"), help: "Days of history before --from (or a live session's start) that warm up indicators and the agents without trading, so the session trades from its first decision point (default: the runner config's warm_up_days).")
    var warmUpDays: Int?

    @Option(help: "Database file (default: the runner config's).")
    var db: String?

    @Option(help: "Reports folder (default: the runner config's).")
    var reports: String?

    @Option(help: "Unix socket path (default: the runner config's).")
    var socket: String?

    @Option(name: .customLong("metrics-port"), help: "Loopback port of the brain's /metrics, 0 = none (default: the config's metrics_port).")
    var metricsPort: Int?

    @Option(name: .customLong("runner-metrics-port"), help: "Loopback port of the runner's /metrics, 0 = none (default: the runner config's).")
    var runnerMetricsPort: Int?

    @Option(help: "Continue run RUN_ID (interrupted by a crash, or whose brain died) with its own stored settings; reattaches to its runner when that one is still alive.")
    var resume: Int64?

    @Option(help: "The prodcore-runner executable (default: beside this brain).")
    var runner: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    enum FeedKind: String, ExpressibleByArgument { case replay, synthetic, live }

    /// The live base URLs given, by flag.
    private var endpointsGiven: [String: String] {
        ["--spot-rest": spotREST, "--spot-ws": spotWS, "--usdm-rest": usdmREST, "--usdm-ws": usdmWS].compactMapValues { $0 }
    }

    /// The live endpoint flags given, as the runner takes them.
    private var endpointFlags: [String] {
        endpointsGiven.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
    }

    func validate() throws {
        if speed != "max" {
            guard let factor = Double(speed), factor.isFinite, SettingBounds.speed.contains(factor) else {
                throw ValidationError("--speed: max, or " + SettingBounds.expected(SettingBounds.speed, "a multiple of real time", got: "'\(speed)'"))
            }
        }
        if let duration, SettingBounds.duration(seconds: duration, in: SettingBounds.runSeconds) == nil {
            throw ValidationError("--duration: " + SettingBounds.expected(SettingBounds.runSeconds, "seconds", got: "\(duration)"))
        }
        if let lockstepTimeout, SettingBounds.duration(seconds: lockstepTimeout, in: SettingBounds.timeoutSeconds) == nil {
            throw ValidationError("--lockstep-timeout: " + SettingBounds.expected(SettingBounds.timeoutSeconds, "seconds", got: "\(lockstepTimeout)"))
        }
        if feed == .synthetic {
            guard paths.isEmpty, symbols == nil, (1...3650).contains(syntheticDays) else {
                throw ValidationError("--feed synthetic takes --seed and --synthetic-days (1…3650), not --data or --symbols: it is spot BTCUSDT")
            }
        }
        if feed == .live {
            guard paths.isEmpty, speed == "max", to == nil else {
                throw ValidationError("--feed live reads the exchange in lockstep: drop --data, --speed and --to (use --until TIME)")
            }
        } else if !endpointFlags.isEmpty {
            throw ValidationError("--spot-rest, --spot-ws, --usdm-rest and --usdm-ws are for --feed live")
        }
        do {
            _ = try LiveEndpoints.binance.overriding(endpointsGiven)
        } catch {
            throw ValidationError(error.description.replacingOccurrences(of: "refused endpoint: ", with: ""))
        }
        _ = try ReplayData.period(from: from, to: to, until: until)
        _ = try instruments()
        if resume != nil {
            let given = [("--data", !paths.isEmpty), ("--from", from != nil), ("--to", to != nil), ("--symbols", symbols != nil),
                         ("--speed", speed != "max"), ("--decision-interval", decisionInterval != nil),
                         ("--lockstep-timeout", lockstepTimeout != nil), ("--feed", feed != .replay), ("--until", until != nil),
                         ("--warm-up-days", warmUpDays != nil), ("--funding", !fundingFiles.isEmpty), ("--no-funding", noFunding),
                         ("--spot-rest etc.", !endpointFlags.isEmpty)].filter(\.1).map(\.0)
            guard given.isEmpty else {
                throw ValidationError("--resume continues a run with the settings it was started with; drop \(given.joined(separator: ", "))")
            }
        }
        if feed == .live && (noFunding || !fundingFiles.isEmpty) {
            throw ValidationError("--funding and --no-funding are for a replay; --feed live settles the rates the exchange publishes")
        }
        if noFunding && !fundingFiles.isEmpty { throw ValidationError("--no-funding and --funding: choose one") }
        if let warmUpDays, !(0...365).contains(warmUpDays) { throw ValidationError("--warm-up-days: expected 0…365, got \(warmUpDays)") }
        for (flag, port) in [("--metrics-port", metricsPort), ("--runner-metrics-port", runnerMetricsPort)] {
            if let port, !(0...65_535).contains(port) { throw ValidationError("\(flag): expected 1…65535, or 0 for no metrics") }
        }
    }

    func run() throws {
        var launch = try BrainLaunch(configFile: config, database: db, reports: reports, socket: socket)
        launch.symbols = try instruments()
        launch.metricsPort = metricsPort
        launch.runnerMetricsPort = runnerMetricsPort
        launch.resume = resume
        launch.feed.dataPaths = feed == .synthetic ? [try writeSyntheticFeed(storage: launch.storageFolder)] : paths
        launch.feed.from = from
        launch.feed.to = to
        launch.feed.until = until
        launch.feed.live = feed == .live
        launch.feed.endpointFlags = endpointFlags
        launch.feed.speed = speed
        launch.feed.decisionInterval = decisionInterval
        launch.feed.lockstepTimeout = lockstepTimeout
        launch.feed.warmUpDays = warmUpDays
        launch.feed.fundingFiles = fundingFiles
        launch.feed.noFunding = noFunding
        var options = BrainSession.Options()
        options.duration = duration.flatMap { SettingBounds.duration(seconds: $0, in: SettingBounds.runSeconds) }
        // The ResearchAgent's cycle, were research.every_hours set: this brain, on this session's database.
        options.researchCommand = [
            ThisExecutable.sibling("brain"), "research", "run", "--config", config, "--db", launch.runnerConfig.database,
            "--reports", launch.runnerConfig.reports, "--out", launch.storageFolder + "/research",
        ]
        let bar = ProgressBar(period: feed == .live ? nil : try progressPeriod(launch.feed.dataPaths), live: feed == .live)
        let session = try launch.session(
            runnerExecutable: runner ?? ThisExecutable.sibling("prodcore-runner"), options: options,
            log: { line in bar.clear(); FileHandle.standardError.write(Data("brain: \(line)\n".utf8)) },
            progress: { bar.update($0) })
        let signals = TerminationSignals.handle { session.requestStop("signal \($0)") }
        defer { signals.forEach { $0.cancel() } }
        let result: BrainSession.Result
        do {
            result = try session.run()
        } catch {
            throw CLIError("\(error)")
        }
        bar.finish()
        print(json ? StartSummary.json(result) : StartSummary.text(result))
    }

    /// Writes the seeded synthetic market as Vision files under `storage/synthetic/seed-N-Dd`.
    private func writeSyntheticFeed(storage: String) throws -> String {
        let folder = "\(storage)/synthetic/seed-\(seed)-\(syntheticDays)d"
        let market = SyntheticMarket(seed: seed, interval: .m1, start: 1_704_067_200_000, bars: syntheticDays * 1440)
        let output = try SyntheticVisionWriter.write(market, symbol: "BTCUSDT", to: folder)
        FileHandle.standardError.write(Data("brain: synthetic market seed \(seed): \(output.bars) bars in \(output.dataFolder), true regimes in \(output.labelsFile)\n".utf8))
        return output.dataFolder
    }

    /// The span the progress bar measures: --from/--to, else the months of the data files.
    private func progressPeriod(_ paths: [String]) throws -> Range<Int64>? {
        let files = try VisionFileLocator.discover(paths.isEmpty ? [DataSourceOptions.samplePath] : paths)
        let months = files.compactMap { UTCTimestamp.startOfDay($0.period.prefix(7) + "-01") }
        guard let first = months.min(), let last = months.max() else { return nil }
        let end = Calendar(identifier: .gregorian).date(byAdding: .month, value: 1, to: Date(timeIntervalSince1970: Double(last) / 1000))!
        let lower = from.flatMap(UTCTimestamp.startOfDay) ?? first
        let upper = to.flatMap(UTCTimestamp.startOfDay).map { $0 + 86_400_000 } ?? Int64(end.timeIntervalSince1970 * 1000)
        return lower < upper ? lower..<upper : nil
    }

    /// --symbols as instruments; a bare symbol is spot.
    private func instruments() throws -> [InstrumentID]? {
        guard let symbols else { return nil }
        let entries = symbols.split(separator: ",", omittingEmptySubsequences: false).map { $0.contains(":") ? String($0) : "\($0):spot" }
        do {
            return try RunnerConfig.universe(entries)
        } catch {
            throw ValidationError("--symbols: \(error.index.map { "entry \($0 + 1): " } ?? "")\(error.reason)")
        }
    }
}
