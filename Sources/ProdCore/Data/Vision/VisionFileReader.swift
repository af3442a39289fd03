
/// What to do with a row that cannot be parsed or fails validation.
public enum MalformedRowPolicy: Sendable {
    /// Throw `DataError.malformedRow` at the first one (imports, backtests).
    case stop
    /// Record it in the series report and go on (`brain data check`).
    case collect
}

/// Streams the bars of one Vision kline file, zip or CSV, through a `SeriesAuditor`.
///
/// Memory stays bounded by the read buffer: a file is never loaded whole.
public struct VisionFileReader {
    private static let headerPrefix = Array("open_time".utf8)

    public let policy: MalformedRowPolicy

    public init(policy: MalformedRowPolicy) {
        self.policy = policy
    }

    /// Reads `file`, passing each bar the auditor accepts to `onBar`.
    public func read(
        _ file: VisionFile, auditor: inout SeriesAuditor, onBar: (Bar) throws -> Void
    ) throws {
        let parser = KlineRowParser(timeframe: file.series.timeframe)
        var splitter = LineSplitter()
        auditor.beginFile(file.path)
        let path = file.path
        try CSVFileBytes.stream(path, isZip: file.isZip) { chunk in
            try splitter.consume(chunk) { try handleLine($0, $1, $2, $3, path, parser, &auditor, onBar) }
        }
        try splitter.finish { try handleLine($0, $1, $2, $3, path, parser, &auditor, onBar) }
    }

    private func handleLine(
        _ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ line: Int, _ path: String,
        _ parser: KlineRowParser, _ auditor: inout SeriesAuditor, _ onBar: (Bar) throws -> Void
    ) throws {
        if from == to { return }
        if line == 1, bytes[from] &- UInt8(ascii: "0") > 9 {
            let isHeader = to - from >= Self.headerPrefix.count
                && zip(bytes[from..<(from + Self.headerPrefix.count)], Self.headerPrefix).allSatisfy { $0 == $1 }
            if !isHeader {
                try reject(RowProblem(
                    file: path, line: line, field: nil,
                    reason: "first line is neither a kline row nor the Vision header (open_time,open,…)"), &auditor)
            }
            return
        }
        switch parser.parse(bytes, from: from, to: to) {
        case .success(let bar):
            if auditor.admit(bar, line: line) { try onBar(bar) }
        case .failure(let failure):
            try reject(RowProblem(file: path, line: line, field: failure.field, reason: failure.reason), &auditor)
        }
    }

    private func reject(_ problem: RowProblem, _ auditor: inout SeriesAuditor) throws(DataError) {
        switch policy {
        case .stop: throw .malformedRow(problem)
        case .collect: auditor.recordMalformed(problem)
        }
    }
}
