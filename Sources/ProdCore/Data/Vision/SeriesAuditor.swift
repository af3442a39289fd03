/// Checks that the bars of one series arrive once each, in order, on the interval grid,
/// and records gaps. Gaps stay gaps: no bar is ever invented.
public struct SeriesAuditor {
    /// How many accepted bars are remembered to classify a late row as a duplicate.
    static let recentCapacity = 64

    public private(set) var report: SeriesReport
    private let interval: Int64
    private var currentFile = ""
    private var recent: [Bar] = []
    private var recentNext = 0

    public init(series: SeriesKey) {
        report = SeriesReport(series: series)
        interval = series.timeframe.milliseconds
        recent.reserveCapacity(Self.recentCapacity)
    }

    mutating func beginFile(_ path: String) {
        currentFile = path
        report.files.append(path)
    }

    mutating func recordUnreadable(_ error: DataError) {
        report.unreadableFiles.append(error.description)
    }

    mutating func recordMalformed(_ problem: RowProblem) {
        report.rows += 1
        report.malformed += 1
        Self.keep(problem, in: &report.malformedExamples)
    }

    /// Classifies a parsed row; true when it is the next bar of the series.
    mutating func admit(_ bar: Bar, line: Int) -> Bool {
        report.rows += 1
        guard bar.openTime % interval == 0 else {
            report.misaligned += 1
            Self.keep(problem(line, "open_time \(bar.openTime) is not a multiple of \(report.series.timeframe)"),
                      in: &report.misalignedExamples)
            return false
        }
        if let last = report.lastOpenTime {
            if bar.openTime <= last {
                classifyLate(bar, line: line)
                return false
            }
            if bar.openTime > last + interval {
                let missing = (bar.openTime - last) / interval - 1
                report.missingBars += missing
                if report.gaps.count < SeriesReport.exampleLimit {
                    report.gaps.append(Gap(start: last + interval, missingBars: missing, file: currentFile, line: line))
                }
            }
        } else {
            report.firstOpenTime = bar.openTime
        }
        report.lastOpenTime = bar.openTime
        report.bars += 1
        remember(bar)
        return true
    }

    private mutating func classifyLate(_ bar: Bar, line: Int) {
        guard let earlier = recent.first(where: { $0.openTime == bar.openTime }) else {
            report.outOfOrder += 1
            Self.keep(problem(line, "open_time \(bar.openTime) comes after \(report.lastOpenTime ?? 0)"),
                      in: &report.outOfOrderExamples)
            return
        }
        if earlier == bar {
            report.exactDuplicates += 1
        } else {
            report.conflictingDuplicates += 1
            Self.keep(problem(line, "open_time \(bar.openTime) repeats an earlier row with different values"),
                      in: &report.conflictingDuplicateExamples)
        }
    }

    private mutating func remember(_ bar: Bar) {
        if recent.count < Self.recentCapacity {
            recent.append(bar)
        } else {
            recent[recentNext] = bar
            recentNext = (recentNext + 1) % Self.recentCapacity
        }
    }

    private func problem(_ line: Int, _ reason: String) -> RowProblem {
        RowProblem(file: currentFile, line: line, field: "open_time", reason: reason)
    }

    private static func keep(_ problem: RowProblem, in examples: inout [RowProblem]) {
        if examples.count < SeriesReport.exampleLimit { examples.append(problem) }
    }
}
