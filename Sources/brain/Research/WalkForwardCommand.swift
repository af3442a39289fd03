import AgentTools
import ArgumentParser
import Foundation
import ProdCore

struct WalkForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walkforward",
        abstract: "Walk-forward optimisation: per fold, sweep the training window, trade the winner on the test window.",
        discussion: """
            The candidate's period (its --from/--to, else all its data) is cut into folds: a training window, an embargo, a \
            test window; the next fold starts --step later (--anchored: every training window starts at the period's start). \
            The grid is swept on each training window alone and its best combination trades the test window; engines warm \
            their indicators on --warm-up of earlier bars without trading them. Writes reports/walkforward_<stamp>_<id>/: \
            folds.csv/.parquet, summary.md (out-of-sample return, walk-forward efficiency, parameter stability, the folds), \
            equity.svg (the stitched out-of-sample curve) and walkforward.json.
            """)

    @OptionGroup var study: CandidateOptions

    @Option(help: "Training window, such as 180d or 36h.")
    var train: String

    @Option(help: "Test window, such as 30d.")
    var test: String

    @Option(help: "How far the next fold starts (default: the test window).")
    var step: String?

    @Flag(help: "Every training window starts at the period's start (expanding), instead of sliding.")
    var anchored = false

    @Option(help: "Gap between a training window and its test window, such as 1d.")
    var embargo = "0d"

    @Option(name: .customLong("warm-up"), help: "Bars before each window that warm up indicators without trading.")
    var warmUp = "10d"

    func run() throws {
        let windows = try WalkForward.Windows(
            train: Self.duration(train, "--train"), test: Self.duration(test, "--test"), step: step.map { try Self.duration($0, "--step") },
            anchored: anchored, embargo: Self.duration(embargo, "--embargo", zero: true), warmUp: Self.duration(warmUp, "--warm-up", zero: true))
        let loaded = try study.load()
        let period = loaded.period
        let walk = WalkForward(sweep: try loaded.sweep, windows: windows)
        let folds: [WalkForwardFold]
        do {
            folds = try walk.run(loaded.feed, period: period, workers: study.workers) { fold, count in
                FileHandle.standardError.write(Data("walk-forward: fold \(fold + 1) of \(count)\n".utf8))
            }
        } catch let error as ResearchError {
            throw CLIError("\(error) (period \(UTCTimestamp.iso8601(period.lowerBound)) … \(UTCTimestamp.iso8601(period.upperBound)))")
        }
        let result = WalkForwardResult(definition: loaded.definition, windows: windows, folds: folds, initialCash: loaded.settings.config.initialCash)
        let folder = try ResearchFolder.write(kind: "walkforward", id: loaded.candidate.id, files: [
            ("folds.parquet", Data(ParquetWriter.data(result.table))), ("folds.csv", Data(CSVTable.bytes(result.table))),
            ("summary.md", Data(result.markdown.utf8)),
            ("equity.svg", Data(result.equitySVG.utf8)),
            ("walkforward.json", try ResearchFolder.json(result)),
        ], reports: study.reports)
        print("\(folder)\n\n" + result.markdown)
    }

    /// `N` followed by d (days) or h (hours).
    static func duration(_ text: String, _ flag: String, zero: Bool = false) throws -> Int64 {
        let units: [Character: Int64] = ["d": 86_400_000, "h": 3_600_000]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int64(text.dropLast()), count >= (zero ? 0 : 1), count <= 3_650 * 24 else {
            throw ValidationError("\(flag): expected a number of days or hours such as 30d or 12h, got '\(text)'")
        }
        return count * unit
    }
}
