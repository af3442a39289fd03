import Foundation
import ProdCore

/// One `brain backtest`: load the data, run the engine — recorded in the database batch by batch
/// unless `--no-record` — then export the report and print the summary.
struct BacktestRun {
    let command: BacktestCommand
    /// The arguments after `backtest`, stored with the run so that it can be resumed or reproduced.
    let arguments: [String]

    /// Continues a recorded run that stopped: its own arguments, in its own folder, with the same files.
    static func resume(_ id: Int64, options: RecordingOptions) throws {
        let (store, database) = try open(options.db)
        guard let stored = try store.run(id) else { throw CLIError("no run \(id) in \(database)") }
        guard stored.kind == "backtest" else { throw CLIError("run \(id) is a \(stored.kind) run, not a backtest") }
        // Before loading any data: a run another process still writes is refused at once.
        try RecordedRun.checkResumable(stored, by: .current, isAlive: RunRecorderProcess.mayBeAlive)
        let settings: RunSettings
        do {
            settings = try JSONDecoder().decode(RunSettings.self, from: Data(stored.settings.utf8))
        } catch {
            throw CLIError("run \(id): its stored settings are not readable (\(error))")
        }
        guard FileManager.default.changeCurrentDirectoryPath(settings.directory) else {
            throw CLIError("run \(id) was started in \(settings.directory), which is gone")
        }
        var command = try BacktestCommand.parse(settings.arguments)
        command.recording.db = database
        command.recording.reports = absolute(options.reports)
        command.recording.pauseAfterBatchMilliseconds = options.pauseAfterBatchMilliseconds
        try BacktestRun(command: command, arguments: settings.arguments).execute(resuming: (id, store))
    }

    /// Runs the backtest; prints its summary when `printing`, and returns it.
    @discardableResult
    func execute(resuming stopped: (id: Int64, store: RunStore)?, printing: Bool = true) throws -> BacktestSummary {
        let settings = try BacktestSettings(command: command)
        let data = try ReplayData(
            instruments: settings.config.instruments, baseTimeframe: settings.config.baseTimeframe, period: settings.period,
            files: try command.source.files(command.paths), fundingFiles: settings.fundingFiles,
            applyFunding: settings.applyFunding, scheduled: settings.scheduled)
        let recording = command.recording
        let configs = [command.symbols, command.governance]
        let fingerprints = Background {
            try configs.map { try RunFile.fingerprint($0, role: "config") } + data.paths.map { try RunFile.fingerprint($0, role: "data") }
        }

        let loadStart = ContinuousClock.now
        let feed = try data.load()
        let loadSeconds = (ContinuousClock.now - loadStart) / .seconds(1)
        guard feed.barCount > 0 else { throw CLIError("no \(command.symbol) bars in the selected period") }

        let runStart = ContinuousClock.now
        var recorded: (run: Int64, store: RunStore)?
        let result: RunResult
        if recording.noRecord {
            var engine = try TradingEngine(config: settings.config, plan: settings.plan)
            result = feed.run(&engine)
        } else {
            let store = try stopped?.store ?? Self.open(recording.db).store
            var run = try start(store, settings, resuming: stopped?.id, files: try fingerprints.value())
            let skipped = run.inputsDone
            var position: Int64 = 0
            try feed.forEach { input in
                position += 1
                guard position > skipped else { return }
                if try run.process(input), recording.pauseAfterBatchMilliseconds > 0 {
                    Thread.sleep(forTimeInterval: Double(recording.pauseAfterBatchMilliseconds) / 1000)
                }
            }
            result = try run.finish(finishedAt: RunStamp.now())
            recorded = (run.run, store)
        }
        let runSeconds = (ContinuousClock.now - runStart) / .seconds(1)

        var report: (run: Int64, folder: String, seconds: Double)?
        if let recorded {
            let exportStart = ContinuousClock.now
            let folder = try ReportExporter(store: recorded.store, reportsFolder: recording.reports).export(run: recorded.run)
            report = (recorded.run, folder, (ContinuousClock.now - exportStart) / .seconds(1))
        }
        let summary = BacktestSummary(
            settings: settings, result: result, loadSeconds: loadSeconds,
            engineBarsPerSecond: Double(result.bars) / max(runSeconds, 1e-9), report: report)
        if let path = command.trades { try OutputFile.write(CSVTable.text(.trades(result.trades)), to: path) }
        if printing { print(command.json ? try summary.json() : summary.text()) }
        return summary
    }

    /// A new recorded run, or the stopped run `id` after checking it reads the same files.
    private func start(_ store: RunStore, _ settings: BacktestSettings, resuming id: Int64?, files: [RunFile]) throws -> RecordedRun {
        let recording = command.recording
        guard let id else {
            let settingsJSON = String(
                decoding: try JSONEncoder().encode(RunSettings(arguments: arguments, directory: FileManager.default.currentDirectoryPath)),
                as: UTF8.self)
            let run = try RecordedRun.start(
                store: store, kind: "backtest", settings: settingsJSON, codeVersion: CodeVersion.current, startedAt: RunStamp.now(),
                config: settings.config, plan: settings.plan, recorder: .current, batchSize: recording.batchSize,
                snapshotEvery: recording.snapshotEvery)
            try store.recordFiles(run: run.run, files)
            return run
        }
        let stored = Dictionary(try store.files(run: id).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for file in files where stored[file.path] != file {
            throw CLIError(
                "run \(id) cannot resume: \(file.path) is not the file the run read "
                    + "(sha256 \(stored[file.path]?.sha256 ?? "none") then, \(file.sha256) now)")
        }
        return try RecordedRun.resume(
            store: store, run: id, config: settings.config, plan: settings.plan, recorder: .current,
            isAlive: RunRecorderProcess.mayBeAlive, batchSize: recording.batchSize, snapshotEvery: recording.snapshotEvery)
    }

    static func open(_ path: String) throws -> (store: RunStore, path: String) {
        let database = absolute(path)
        return (RunStore(database: try CruptoDatabase(path: database)), database)
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
