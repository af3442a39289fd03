import ArgumentParser
import Foundation
import ProdCore

struct ReportShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a run's summary (summary.md), or its manifest numbers as JSON.")

    @Argument(help: "The run id (brain report list).")
    var id: Int64

    @OptionGroup var database: ReportDatabaseOption

    @Flag(help: "Print the run's manifest (metrics, files read, digest) as JSON.")
    var json = false

    func run() throws {
        let report = try RunReport.load(try database.run(id).store, run: id)
        print(json ? try report.manifestJSON(files: nil) : report.summaryMarkdown, terminator: "")
    }
}
