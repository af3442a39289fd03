import ArgumentParser
import Foundation
import ProdCore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "List, show, export and reproduce recorded runs.",
        subcommands: [ReportListCommand.self, ReportShowCommand.self, ReportExportCommand.self, ReportReproduceCommand.self])
}

/// The database every `brain report` subcommand reads.
struct ReportDatabaseOption: ParsableArguments {
    @Option(help: "The database the runs are recorded in.")
    var db = CruptoDatabase.defaultPath

    func store() throws -> RunStore {
        RunStore(database: try CruptoDatabase(path: db))
    }

    func report(_ id: Int64) throws -> RunReport {
        let store = try store()
        guard try store.run(id) != nil else { throw CLIError("no run \(id) in \(db) (brain report list shows the runs)") }
        return try RunReport.load(store, run: id)
    }
}

struct ReportListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "One line per recorded run.")

    @OptionGroup var database: ReportDatabaseOption

    @Flag(help: "Print one JSON array instead of text.")
    var json = false

    func run() throws {
        let runs = try database.store().runs()
        if json {
            let objects = runs.map { run -> [String: Any] in
                [
                    "id": run.id, "kind": run.kind, "status": run.status, "started_at": run.startedAt,
                    "first_time": run.firstTime.map(UTCTimestamp.iso8601) ?? NSNull(),
                    "last_time": run.lastTime.map(UTCTimestamp.iso8601) ?? NSNull(), "inputs": run.inputsDone,
                    "digest": run.digest ?? NSNull(),
                ]
            }
            let data = try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        guard !runs.isEmpty else {
            print("no runs in \(database.db)")
            return
        }
        print("id  kind      status    started               period                                        inputs    digest")
        for run in runs {
            let period = "\(run.firstTime.map(UTCTimestamp.iso8601) ?? "-") … \(run.lastTime.map(UTCTimestamp.iso8601) ?? "-")"
            print([
                String(run.id).padding(toLength: 3, withPad: " ", startingAt: 0), run.kind.padding(toLength: 9, withPad: " ", startingAt: 0),
                run.status.padding(toLength: 9, withPad: " ", startingAt: 0), run.startedAt.padding(toLength: 21, withPad: " ", startingAt: 0),
                period.padding(toLength: 45, withPad: " ", startingAt: 0), String(run.inputsDone).padding(toLength: 9, withPad: " ", startingAt: 0),
                run.digest.map { String($0.prefix(16)) } ?? "-",
            ].joined(separator: " "))
        }
    }
}

struct ReportShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a run's summary (summary.md), or its manifest numbers as JSON.")

    @Argument(help: "The run id (brain report list).")
    var id: Int64

    @OptionGroup var database: ReportDatabaseOption

    @Flag(help: "Print the run's manifest (metrics, files read, digest) as JSON.")
    var json = false

    func run() throws {
        let report = try database.report(id)
        print(json ? try report.manifestJSON(files: nil) : report.summaryMarkdown, terminator: "")
    }
}

struct ReportExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a run's report folder reports/run_<UTC stamp>_<id>/ again.")

    @Argument(help: "The run id (brain report list).")
    var id: Int64

    @OptionGroup var database: ReportDatabaseOption

    @Option(help: "Folder of the run reports.")
    var reports = "reports"

    func run() throws {
        let store = try database.store()
        guard try store.run(id) != nil else { throw CLIError("no run \(id) in \(database.db) (brain report list shows the runs)") }
        let start = ContinuousClock.now
        let folder = try ReportExporter(store: store, reportsFolder: reports).export(run: id)
        print("\(folder) (\(String(format: "%.3f", (ContinuousClock.now - start) / .seconds(1))) s)")
    }
}

struct ReportReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Run a recorded backtest again from its stored command and files, and compare the digests.",
        discussion: "Exit status 0 when the new run prints the recorded digest, 1 when it does not or a file changed.")

    @Argument(help: "The run id (brain report list).")
    var id: Int64

    @OptionGroup var database: ReportDatabaseOption

    func run() throws {
        let store = try database.store()
        guard let stored = try store.run(id) else { throw CLIError("no run \(id) in \(database.db)") }
        guard stored.kind == "backtest", let digest = stored.digest else {
            throw CLIError("run \(id) is a \(stored.status) \(stored.kind) run: only finished backtests can be reproduced")
        }
        let settings = try JSONDecoder().decode(RunSettings.self, from: Data(stored.settings.utf8))
        guard FileManager.default.changeCurrentDirectoryPath(settings.directory) else {
            throw CLIError("run \(id) was started in \(settings.directory), which is gone")
        }
        for file in try store.files(run: id) {
            let now = try? RunFile.fingerprint(file.path, role: file.role)
            guard now == file else {
                throw CLIError("\(file.path) changed since run \(id) (sha256 \(file.sha256) then, \(now?.sha256 ?? "missing") now)")
            }
        }
        var command = try BacktestCommand.parse(settings.arguments)
        command.recording.noRecord = true
        command.json = true
        let summary = try BacktestRun(command: command, arguments: settings.arguments).execute(resuming: nil, printing: false)
        guard summary.digest == digest else {
            throw CLIError("run \(id) did not reproduce: digest \(summary.digest) now, \(digest) recorded")
        }
        print("run \(id) reproduced: digest \(digest)")
    }
}
