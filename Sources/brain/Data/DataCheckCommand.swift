import ArgumentParser
import Foundation
import ProdCore

struct DataCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read kline files and report rows, time span, gaps and anomalies.",
        discussion: """
            Exits 1 when a file is unreadable or a row is malformed, out of order, misaligned or a \
            conflicting duplicate. Gaps and exact duplicates are reported but are not errors.
            """)

    @Argument(help: "Kline files or folders (default: data/sample).")
    var paths: [String] = []

    @OptionGroup var source: DataSourceOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let groups = VisionFileLocator.groupBySeries(try source.files(paths))
        var reports: [SeriesReport] = []
        for group in groups {
            let reader = SeriesReader(series: group.series, files: group.files, policy: .collect)
            reports.append(try reader.read { _ in })
        }
        if json {
            print(try DataCheckJSON.render(reports))
        } else {
            reports.forEach { print(DataCheckText.render($0)) }
            let failing = reports.filter(\.hasErrors).count
            print(failing == 0 ? "OK: \(reports.count) series checked, no errors"
                               : "ERRORS in \(failing) of \(reports.count) series")
        }
        if reports.contains(where: \.hasErrors) { throw ExitCode.failure }
    }
}
