/// Reads every file of one series in period order through one auditor, so that gaps and
/// duplicates across file boundaries are found too.
public struct SeriesReader {
    public let series: SeriesKey
    public let files: [VisionFile]
    public let policy: MalformedRowPolicy

    public init(series: SeriesKey, files: [VisionFile], policy: MalformedRowPolicy = .stop) {
        self.series = series
        self.files = files.sorted()
        self.policy = policy
    }

    /// Streams the accepted bars to `onBar` and returns what the audit found.
    @discardableResult
    public func read(_ onBar: (Bar) throws -> Void) throws -> SeriesReport {
        var auditor = SeriesAuditor(series: series)
        let reader = VisionFileReader(policy: policy)
        for file in files {
            do {
                try reader.read(file, auditor: &auditor, onBar: onBar)
            } catch let error as DataError where policy == .collect {
                auditor.recordUnreadable(error)
            }
        }
        return auditor.report
    }

    /// All accepted bars, for callers that want them in memory (tests, small samples).
    public func readAll() throws -> (bars: [Bar], report: SeriesReport) {
        var bars: [Bar] = []
        let report = try read { bars.append($0) }
        return (bars, report)
    }
}
