import ArgumentParser
import Foundation
import ProdCore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "List, show, compare, export, reproduce and delete recorded runs.",
        subcommands: [ReportListCommand.self, ReportShowCommand.self, ReportExportCommand.self, ReportReproduceCommand.self, ReportCompareCommand.self, ReportChartCommand.self, ReportDeleteCommand.self])
}

/// The database every `brain report` subcommand reads.
struct ReportDatabaseOption: ParsableArguments {
    @Option(help: "The database the runs are recorded in.")
    var db = CruptoDatabase.defaultPath

    func store() throws -> RunStore {
        RunStore(database: try CruptoDatabase(path: db))
    }

    /// The store and run `id`, or an error naming the database when it has no such run.
    func run(_ id: Int64) throws -> (store: RunStore, run: StoredRun) {
        let store = try store()
        guard let run = try store.run(id) else { throw CLIError("no run \(id) in \(db) (brain report list shows the runs)") }
        return (store, run)
    }
}
