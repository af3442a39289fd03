import ProdCore

/// Human-readable rendering of a series check.
enum DataCheckText {
    static func render(_ report: SeriesReport) -> String {
        var lines = ["\(report.series) — \(report.files.count) file(s)"]
        let span = report.firstOpenTime.map { first in
            "\(UTCTimestamp.iso8601(first)) … \(UTCTimestamp.iso8601(report.lastOpenTime ?? first))"
        } ?? "no bars"
        lines.append("  rows \(report.rows)  bars \(report.bars)  \(span)")
        lines.append("  gaps \(report.gaps.count) (\(report.missingBars) missing bars)")
        for gap in report.gaps {
            lines.append("    \(UTCTimestamp.iso8601(gap.start))  \(gap.missingBars) bars missing  (before \(gap.file):\(gap.line))")
        }
        lines.append("  exact duplicates \(report.exactDuplicates) · conflicting duplicates \(report.conflictingDuplicates)"
            + " · out of order \(report.outOfOrder) · misaligned \(report.misaligned) · malformed \(report.malformed)")
        for problem in report.problemExamples { lines.append("    \(problem)") }
        for failure in report.unreadableFiles { lines.append("  UNREADABLE \(failure)") }
        return lines.joined(separator: "\n")
    }
}
