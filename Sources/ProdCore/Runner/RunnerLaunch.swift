import Foundation

/// Everything `prodcore-runner` needs to start (or restart) a run, resolved from its flags.
public struct RunnerLaunch: Sendable {
    public var configFile: String
    public var config: RunnerConfig
    /// Kline files or folders; empty = `data/sample`.
    public var dataPaths: [String]
    public var period: Range<Int64>
    public var pacing: RunnerPacing
    /// The flags after the program name, stored with the run so that a restart reads the same.
    public var arguments: [String]
    public var sandboxed: Bool
    /// The metrics port came from `--metrics-port` (a busy one is an error), not from the config (a warning).
    public var metricsPortIsExplicit = false
    /// Inputs per committed batch, and batches between engine snapshots (a resume replays at most
    /// `batchSize × snapshotEvery` inputs). Stored with the run's flags: a resume keeps them.
    public var batchSize = 10_000
    public var snapshotEvery = 20
    /// `--feed live`: read the exchange instead of files (`period` bounds it: its start, a past
    /// time to backfill from, or the exchange's current minute when unbounded; its end, `--until`).
    public var live: LiveEndpoints?
    /// A replay's USDT-M funding: Binance Vision fundingRate files (`--funding`), else estimated
    /// from the spot premium; `applyFunding` false (`--no-funding`) pays none.
    public var fundingFiles: [String] = []
    public var applyFunding = true

    public init(
        configFile: String, config: RunnerConfig, dataPaths: [String], period: Range<Int64>, pacing: RunnerPacing,
        arguments: [String], sandboxed: Bool
    ) {
        self.configFile = configFile
        self.config = config
        self.dataPaths = dataPaths
        self.period = period
        self.pacing = pacing
        self.arguments = arguments
        self.sandboxed = sandboxed
    }

    /// The TCP ports the sandboxed runner may use.
    public var networkAllowance: RunnerSandbox.NetworkAllowance {
        .runner(live: live, metricsPort: config.metricsPort)
    }

    /// The folders the runner writes to (created when missing): database, reports, socket.
    public var writableFolders: [String] {
        [parent(config.database), absolute(config.reports), parent(config.socket)]
    }

    /// A started runner: listening, sandboxed, its run created or recovered. `resuming` names a
    /// run of an earlier runner process (killed or crashed) to continue.
    /// `console` gets each event as a sentence; JSON lines go to `logs/` beside the database.
    public func start(resuming: Int64?, console: @escaping @Sendable (String) -> Void) throws -> RunningRunner {
        let log = EventLog.open(process: "runner", folder: parent(config.database) + "/logs", console: console)
        for folder in writableFolders {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch { throw RunnerError("cannot create \(folder): \(error.localizedDescription)") }
        }
        // The socket's folder is this user's alone (the socket itself is 0600 too).
        let socketFolder = parent(config.socket)
        guard chmod(socketFolder, 0o700) == 0 else {
            throw RunnerError("cannot make \(socketFolder) private (mode 0700): \(String(cString: strerror(errno)))")
        }
        let lock = try SocketLock(socketPath: absolute(config.socket))
        var engineConfig = try engineConfig()
        var fingerprints = try [configFile, config.symbolsFile, config.governanceFile].map { try RunFile.fingerprint($0, role: "config") }
        let feed: HistoricalFeed
        var arguments = arguments
        var liveStart = period.lowerBound
        if live != nil {
            feed = HistoricalFeed(bars: Array(repeating: [], count: engineConfig.instruments.count))
        } else {
            let files = try VisionFileLocator.discover(dataPaths.isEmpty ? ["data/sample"] : dataPaths)
            guard !files.isEmpty else { throw RunnerError("no Binance Vision kline files under \(dataPaths.joined(separator: " "))") }
            let data = try replayData(engineConfig, files: files)
            fingerprints += try data.paths.map { try RunFile.fingerprint($0, role: "data") }
            feed = try data.load()
            guard feed.barCount > 0 else { throw RunnerError("no bars of \(config.universe.map(\.description).joined(separator: ", ")) in the selected period") }
        }
        // A damaged file is refused before a run writes into it (or reports from it).
        let store = RunStore(database: try CruptoDatabase(path: absolute(config.database), verify: true))
        DiskReserve(besideDatabase: absolute(config.database)).ensure()
        // Before anything starts a network thread: Landlock binds only threads created after it.
        let sandbox = sandboxed ? RunnerSandbox.apply(writableFolders: writableFolders, network: networkAllowance) : nil
        if let sandbox { log("sandbox", sandbox.description) }
        if let live, period.lowerBound == Int64.min {
            // A new live run starts at the exchange's current minute; its flags record that
            // minute, so a restart continues the same run instead of starting at its own now.
            let now = try LiveFeed.serverTime(live, market: engineConfig.instruments[0].id.market)
            liveStart = now - now % 60_000
            arguments += ["--from", UTCTimestamp.iso8601(liveStart)]
        }
        // A live run warms up like a replay: from its first minute back (`--from`, or the one just chosen).
        let liveWarmUp = ReplayData.warmUp(liveStart..<Int64.max, days: config.warmUpDays)
        if live != nil { engineConfig.tradingStart = liveWarmUp.tradingStart }
        let link = BrainLink()
        let inbox = RunnerInbox()
        var warnings: [String] = []
        let telemetry = try Telemetry.start(
            port: config.metricsPort, catalog: MetricCatalog.runner, explicit: metricsPortIsExplicit,
            setting: "metrics_port in \(configFile)", warn: { warnings.append($0) })
        for warning in warnings { log("runner_warning", warning, level: .warning) }
        let server = try RunnerServer(path: lock.path, link: link, inbox: inbox)
        // Last, once everything that can refuse to start was tried: a new run's row (a brain that
        // connected meanwhile waits in the inbox).
        let recovered = try recover(resuming, store: store, engineConfig: engineConfig, files: fingerprints, arguments: arguments)
        // The run's row goes into the database file now rather than at SQLite's next automatic
        // checkpoint, which a replay's few commits reach late (docs/persistence.md): a run whose
        // write-ahead log is lost before then is still there to resume.
        try store.database.checkpoint()
        let liveInputs = try live.map { endpoints in
            try startLiveFeed(
                endpoints, run: recovered.run.run, store: store, instruments: engineConfig.instruments, start: liveWarmUp.read.lowerBound
            ) {
                inbox.push(.feedReady)
            }
        }
        if let telemetry { log("metrics_listening", "metrics on http://127.0.0.1:\(telemetry.server.port)/metrics", ["port": "\(telemetry.server.port)"]) }
        let metrics = RunnerMetrics(instruments: engineConfig.instruments.map(\.id), databasePath: absolute(config.database))
        telemetry?.refreshAtScrape(metrics.refreshAtScrape)
        let session = try RunnerSession(
            config: config, pacing: pacing, store: store, run: recovered.run, feed: feed, live: liveInputs, notFromTheFeed: recovered.notFromTheFeed, journaled: recovered.journaled,
            committedSeq: recovered.committed, reportsFolder: absolute(config.reports), link: link, inbox: inbox, metrics: metrics, log: log)
        session.startWarnings = warnings
        return RunningRunner(session: session, server: server, telemetry: telemetry, lock: lock, inbox: inbox, sandbox: sandbox)
    }

    /// The live feed of `run`, continuing after the bars it stored when it is a resumed run.
    private func startLiveFeed(
        _ endpoints: LiveEndpoints, run: Int64, store: RunStore, instruments: [Instrument], start: Int64,
        onBarsSettled: @escaping @Sendable () -> Void
    ) throws -> LiveInputs {
        let stored = try store.liveInputs(run: run)
        var settings = LiveFeed.Settings(endpoints: endpoints, instruments: instruments.map(\.id))
        settings.configured = instruments
        settings.start = start
        settings.until = period.upperBound == Int64.max ? nil : period.upperBound
        if !stored.isEmpty {
            var lastBar: [Int: Int64] = [:]
            var lastRate: [Int: Int64] = [:]
            for input in stored {
                switch input {
                case .bar(let live): lastBar[live.instrument] = live.bar.openTime
                case .funding(let funding): lastRate[funding.instrument] = funding.time
                }
            }
            settings.resumeAfter = instruments.indices.map { lastBar[$0] ?? start - 60_000 }
            // A funding time at or before the last stored bar was settled (stored, or published
            // by no one) before that bar was handed out.
            let latestBar = lastBar.values.max() ?? start
            settings.fundingAfter = Dictionary(uniqueKeysWithValues: instruments.indices.filter { instruments[$0].market == .usdm }.map { index in
                (index, max(lastRate[index] ?? start, latestBar))
            })
        }
        let feed = try LiveFeed(settings, onBarsSettled: onBarsSettled)
        do {
            try BlockingAsync.run { try await feed.start() }
        } catch {
            throw RunnerError("live feed: \(error)")
        }
        return LiveInputs(feed: feed, stored: stored)
    }

    /// SQLite's own temporary files (large sorts, a big resume's queries) must stay inside the
    /// sandbox's writable folders: beside the database. SQLite reads `SQLITE_TMPDIR` once, when
    /// the process opens its first database, so `prodcore-runner` calls this first thing, before
    /// `start` (or a resume's look-up of its stored flags) opens one.
    public static func keepSQLiteTemporaryFiles(besideDatabase database: String) {
        let folder = (absolutePath(database) as NSString).deletingLastPathComponent
        setenv("SQLITE_TMPDIR", folder, 1)
    }

    public func engineConfig() throws -> EngineConfig {
        let catalog = try InstrumentCatalog.load(from: config.symbolsFile)
        let instruments = try config.universe.map { id in
            guard let instrument = catalog.instrument(id.symbol, id.market) else {
                throw RunnerError("\(configFile): universe: \(id.symbol) \(id.market) is not in \(config.symbolsFile)")
            }
            return instrument
        }
        var engineConfig = EngineConfig(
            instruments: instruments, baseTimeframe: .m1, initialCash: config.initialCash, broker: BrokerConfig(),
            governance: try GovernanceLimits.load(from: config.governanceFile))
        engineConfig.tradingStart = ReplayData.warmUp(period, days: config.warmUpDays).tradingStart
        return engineConfig
    }

    /// What a replay reads: the period with the warm-up before its first minute.
    var replayPeriod: Range<Int64> { ReplayData.warmUp(period, days: config.warmUpDays).read }

    /// The bars and funding rates a replay of these settings reads from `files`.
    func replayData(_ engineConfig: EngineConfig, files: [VisionFile]) throws(ReplayDataError) -> ReplayData {
        try ReplayData(
            instruments: engineConfig.instruments, baseTimeframe: .m1, period: replayPeriod, files: files, fundingFiles: fundingFiles,
            applyFunding: applyFunding)
    }

    private func recover(
        _ id: Int64?, store: RunStore, engineConfig: EngineConfig, files: [RunFile], arguments: [String]
    ) throws -> (run: RecordedRun, notFromTheFeed: Set<Int64>, journaled: [Int64: EngineInput], committed: Int64) {
        guard let id else {
            let settings = String(
                decoding: try JSONEncoder().encode(RunSettings(arguments: arguments, directory: FileManager.default.currentDirectoryPath)),
                as: UTF8.self)
            let run = try RecordedRun.start(
                store: store, kind: "runner", settings: settings, codeVersion: CodeVersion.withoutSpawning,
                startedAt: RunStamp.now(), config: engineConfig, plan: .idle,
                recorder: .current, batchSize: batchSize, snapshotEvery: snapshotEvery)
            try store.recordFiles(run: run.run, files)
            return (run, [], [:], 0)
        }
        guard let stored = try store.run(id) else { throw RunnerError("no run \(id) in \(config.database)") }
        guard stored.kind == "runner" else { throw RunnerError("run \(id) is a \(stored.kind) run, not a runner run") }
        let known = Dictionary(try store.files(run: id).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for file in files where known[file.path] != file {
            throw RunnerError("run \(id) cannot resume: \(file.path) is not the file the run read (sha256 \(known[file.path]?.sha256 ?? "none") then, \(file.sha256) now)")
        }
        let run = try RecordedRun.resume(
            store: store, run: id, config: engineConfig, plan: .idle, recorder: .current, isAlive: RunRecorderProcess.mayBeAlive,
            batchSize: batchSize, snapshotEvery: snapshotEvery)
        var journaled: [Int64: EngineInput] = [:]
        var beforeSnapshot: Set<Int64> = []
        for entry in try store.journal(run: id) where entry.type == "plan" || entry.type == "control" {
            guard entry.sequence > run.inputsDone else {
                beforeSnapshot.insert(entry.sequence)
                continue
            }
            journaled[entry.sequence] = try entry.planOrControl()
        }
        return (run, beforeSnapshot, journaled, stored.inputsDone)
    }

    private func absolute(_ path: String) -> String { Self.absolutePath(path) }

    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
    }

    private func parent(_ path: String) -> String {
        (absolute(path) as NSString).deletingLastPathComponent
    }
}

/// A runner that is listening: `serve()` runs it to the end.
public final class RunningRunner {
    public let session: RunnerSession
    public let sandbox: RunnerSandbox?
    private let server: RunnerServer
    private let telemetry: Telemetry?
    private let lock: SocketLock
    private let inbox: RunnerInbox

    init(session: RunnerSession, server: RunnerServer, telemetry: Telemetry?, lock: SocketLock, inbox: RunnerInbox, sandbox: RunnerSandbox?) {
        self.session = session
        self.server = server
        self.telemetry = telemetry
        self.lock = lock
        self.inbox = inbox
        self.sandbox = sandbox
    }

    /// Serves until the run ends; returns how it ended. The socket is removed on the way out.
    public func serve() throws -> RunnerMessage.Finished {
        defer {
            server.shutdown()
            telemetry?.shutdown()
            lock.removeSocket()
        }
        do {
            return try session.serve()
        } catch {
            // The run stays resumable; `brain report list` shows why it stopped, and the brain is
            // told the cause (a full disk is not fixed by restarting the runner). On a full disk
            // the reserve's space is what lets that row be written.
            if (try? session.store.markFailed(run: session.runId, cause: "\(error)")) == nil {
                DiskReserve(besideDatabase: session.store.database.path).release()
                try? session.store.markFailed(run: session.runId, cause: "\(error)")
            }
            session.link.sendAndWait(.alert(.init(level: .critical, code: "run_failed", message: "\(error)", time: nil)))
            throw error
        }
    }

    /// Stops the run like a `stop` control; for SIGTERM and SIGINT.
    public func stop(signal: Int32) {
        inbox.push(.signal(signal))
    }
}
