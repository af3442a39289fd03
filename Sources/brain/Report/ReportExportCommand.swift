import ArgumentParser
import Foundation
import ProdCore

struct ReportExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a run's report folder reports/run_<UTC stamp>_<id>/ again.")

    @Argument(help: "The run id (brain report list).")
    var id: Int64

    @OptionGroup var database: ReportDatabaseOption

    @Option(help: "Folder of the run reports.")
    var reports = "reports"

    func run() throws {
        let store = try database.run(id).store
        let start = ContinuousClock.now
        let folder = try ReportExporter(store: store, reportsFolder: reports).export(run: id)
        print("\(folder) (\(String(format: "%.3f", (ContinuousClock.now - start) / .seconds(1))) s)")
    }
}
