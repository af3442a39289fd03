import Foundation
import ProdCore

/// The `brain data check --json` document.
enum DataCheckJSON {
    struct Output: Encodable {
        let ok: Bool
        let series: [Series]
    }

    struct Series: Encodable {
        let market: String
        let symbol: String
        let interval: String
        let files: [String]
        let rows: Int
        let bars: Int
        let first_open_time: String?
        let last_open_time: String?
        let gaps: [GapEntry]
        let missing_bars: Int64
        let exact_duplicates: Int
        let conflicting_duplicates: Int
        let out_of_order: Int
        let misaligned: Int
        let malformed: Int
        let problems: [String]
        let unreadable_files: [String]
        let ok: Bool
    }

    struct GapEntry: Encodable {
        let start: String
        let start_ms: Int64
        let missing_bars: Int64
        let file: String
        let line: Int
    }

    static func render(_ reports: [SeriesReport]) throws -> String {
        let output = Output(ok: !reports.contains(where: \.hasErrors), series: reports.map(series))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(output), as: UTF8.self)
    }

    private static func series(_ report: SeriesReport) -> Series {
        return Series(
            market: report.series.instrument.market.rawValue, symbol: report.series.instrument.symbol,
            interval: report.series.timeframe.rawValue, files: report.files, rows: report.rows, bars: report.bars,
            first_open_time: report.firstOpenTime.map(UTCTimestamp.iso8601),
            last_open_time: report.lastOpenTime.map(UTCTimestamp.iso8601),
            gaps: report.gaps.map {
                GapEntry(start: UTCTimestamp.iso8601($0.start), start_ms: $0.start, missing_bars: $0.missingBars,
                         file: $0.file, line: $0.line)
            },
            missing_bars: report.missingBars, exact_duplicates: report.exactDuplicates,
            conflicting_duplicates: report.conflictingDuplicates, out_of_order: report.outOfOrder,
            misaligned: report.misaligned, malformed: report.malformed,
            problems: report.problemExamples.map(\.description), unreadable_files: report.unreadableFiles, ok: !report.hasErrors)
    }
}
