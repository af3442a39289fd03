import Czlib
import Foundation
import ZIPFoundation

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
    public static let chunkSize = 1 << 18
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
        if file.isZip {
            try readZip(path) { chunk in
                try splitter.consume(chunk) { try handleLine($0, $1, $2, $3, path, parser, &auditor, onBar) }
            }
        } else {
            try readPlain(path) { chunk in
                try splitter.consume(chunk) { try handleLine($0, $1, $2, $3, path, parser, &auditor, onBar) }
            }
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

    private func readZip(_ path: String, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw DataError.badArchive(path, reason: "cannot open (truncated or not a zip): \(error)")
        }
        let entries = Array(archive).filter { $0.type == .file }
        guard entries.count == 1, let entry = entries.first, entry.path.hasSuffix(".csv") else {
            throw DataError.badArchive(path, reason: "expected exactly one .csv entry, found \(entries.map(\.path))")
        }
        // ZIPFoundation's own CRC-32 is a byte-at-a-time Swift loop on Linux; zlib's is far faster.
        var checksum: UInt = 0
        do {
            _ = try archive.extract(entry, bufferSize: Self.chunkSize, skipCRC32: true) { data in
                try data.withUnsafeBytes { chunk in
                    checksum = crc32(checksum, chunk.baseAddress?.assumingMemoryBound(to: Bytef.self), UInt32(chunk.count))
                    try consume(chunk)
                }
            }
        } catch let error as DataError {
            throw error
        } catch {
            throw DataError.badArchive(path, reason: "cannot decompress \(entry.path) (corrupt or truncated): \(error)")
        }
        guard UInt32(truncatingIfNeeded: checksum) == entry.checksum else {
            throw DataError.badArchive(path, reason: "CRC-32 of \(entry.path) does not match the archive: the file is corrupt")
        }
    }

    private func readPlain(_ path: String, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataError.unreadable(path, reason: "cannot open file")
        }
        defer { try? handle.close() }
        while true {
            let data: Data
            do {
                guard let chunk = try handle.read(upToCount: Self.chunkSize), !chunk.isEmpty else { return }
                data = chunk
            } catch {
                throw DataError.unreadable(path, reason: "\(error)")
            }
            try data.withUnsafeBytes { try consume($0) }
        }
    }
}
