import ArgumentParser
import ProdCore

struct DataImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import kline files into the SQLite database.",
        discussion: """
            One transaction per file: a file with a bad row or a broken archive is rolled back whole \
            and reported, and the command exits 1. Re-importing a file adds nothing. A bar already \
            stored with other values is not overwritten: it is reported as a conflict and the \
            command exits 1.
            """)

    @Argument(help: "Kline files or folders (default: data/sample).")
    var paths: [String] = []

    @OptionGroup var source: DataSourceOptions

    @Option(help: "SQLite database file.")
    var db = CruptoDatabase.defaultPath

    func run() throws {
        let groups = VisionFileLocator.groupBySeries(try source.files(paths))
        let store = MarketDataStore(database: try CruptoDatabase(path: db))
        var failed = 0
        var conflicting = 0
        for group in groups {
            for result in try store.importSeries(group.series, files: group.files) {
                if let failure = result.failure {
                    failed += 1
                    print("FAILED \(result.file): nothing imported from it: \(failure)")
                } else {
                    print("imported \(result.file): \(result.bars) bars, \(result.inserted) new")
                }
                if let first = result.firstConflict {
                    conflicting += 1
                    print("CONFLICT \(result.file): \(result.conflicts) bars differ from the stored ones, which were kept"
                        + " (first at \(UTCTimestamp.iso8601(first)))")
                }
            }
            print("\(group.series): \(try store.count(group.series)) bars in \(db)")
        }
        if failed > 0 || conflicting > 0 {
            print("\(failed) file(s) failed, \(conflicting) file(s) with conflicts")
            throw ExitCode.failure
        }
    }
}
