/// A stretch of missing bars: `missingBars` intervals starting at `start` (epoch ms) are absent.
public struct Gap: Equatable, Sendable {
    public let start: Int64
    public let missingBars: Int64
    /// Where the gap was seen: the first row after it.
    public let file: String
    public let line: Int
}

/// What checking one series found. Examples are kept up to `SeriesReport.exampleLimit` per kind;
/// the counts are always complete.
public struct SeriesReport: Equatable, Sendable {
    public static let exampleLimit = 100

    public let series: SeriesKey
    public internal(set) var files: [String] = []
    /// Data rows read (header lines excluded).
    public internal(set) var rows = 0
    /// Bars that passed every check and were handed on, in time order.
    public internal(set) var bars = 0
    public internal(set) var firstOpenTime: Int64?
    public internal(set) var lastOpenTime: Int64?
    public internal(set) var gaps: [Gap] = []
    public internal(set) var missingBars: Int64 = 0
    /// Rows identical to one already read: dropped.
    public internal(set) var exactDuplicates = 0
    /// Rows with the open time of an earlier row but other values: dropped, the first row is kept.
    public internal(set) var conflictingDuplicates = 0
    public internal(set) var conflictingDuplicateExamples: [RowProblem] = []
    /// Rows older than the row before them that repeat no recent row: dropped.
    public internal(set) var outOfOrder = 0
    public internal(set) var outOfOrderExamples: [RowProblem] = []
    /// Rows whose open time is not a multiple of the interval: dropped.
    public internal(set) var misaligned = 0
    public internal(set) var misalignedExamples: [RowProblem] = []
    /// Rows that could not be parsed or failed validation (only under `.collect`).
    public internal(set) var malformed = 0
    public internal(set) var malformedExamples: [RowProblem] = []
    /// Files that could not be read at all (only under `.collect`), with the reason.
    public internal(set) var unreadableFiles: [String] = []

    public init(series: SeriesKey) {
        self.series = series
    }

    /// The kept examples of every kind of bad row, in one list.
    public var problemExamples: [RowProblem] {
        conflictingDuplicateExamples + outOfOrderExamples + misalignedExamples + malformedExamples
    }

    /// True when something other than gaps and exact duplicates was found: data that cannot be trusted as is.
    public var hasErrors: Bool {
        conflictingDuplicates > 0 || outOfOrder > 0 || misaligned > 0 || malformed > 0 || !unreadableFiles.isEmpty
    }
}
