import ArgumentParser
import Foundation
import ProdCore

struct ReportDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete finished runs: every stored row and their report folders. A running, interrupted or failed run (resumable) is refused.")

    @OptionGroup var database: ReportDatabaseOption

    @Option(help: "The reports folder.")
    var reports = "reports"

    @Argument(help: "Run ids (brain report list).")
    var runIds: [Int64]

    func validate() throws {
        guard !runIds.isEmpty else { throw ValidationError("name at least one run id") }
    }

    func run() throws {
        let store = try database.store()
        // Every id is checked before anything is deleted: one refused id deletes nothing.
        for id in runIds {
            guard let run = try store.run(id) else { throw CLIError("no run \(id) in \(database.db) (brain report list shows the runs)") }
            let state = run.state(isAlive: RunRecorderProcess.mayBeAlive)
            guard ["finished", "stopped"].contains(state) else {
                throw CLIError("run \(id) is \(state): it can still be resumed; nothing was deleted")
            }
        }
        let folders = MaintenanceOptions.reportFolders(of: runIds, in: reports)
        for id in runIds { try RunRetention.delete(store, run: id) }
        for folder in folders { try FileManager.default.removeItem(atPath: folder) }
        print("deleted \(runIds.count == 1 ? "run" : "runs") \(runIds.map(String.init).joined(separator: ", ")) and \(folders.count) report folders")
    }
}
