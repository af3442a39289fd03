import Czlib
import Foundation
import ZIPFoundation

/// The bytes of a CSV file, plain or as the single entry of a zip, streamed in fixed-size chunks so
/// that a file is never loaded whole. A zip's CRC-32 is checked.
enum CSVFileBytes {
    static let chunkSize = 1 << 18

    static func stream(_ path: String, isZip: Bool, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws {
        if isZip { try readZip(path, consume) } else { try readPlain(path, consume) }
    }

    /// The whole text of a small file (such as a funding-rate file).
    static func text(_ path: String) throws -> String {
        var data = Data()
        try stream(path, isZip: path.hasSuffix(".zip")) { data.append(contentsOf: $0) }
        return String(decoding: data, as: UTF8.self)
    }

    private static func readZip(_ path: String, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws {
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

    private static func readPlain(_ path: String, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws {
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
