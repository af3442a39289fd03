import Crypto
import Foundation

extension RunFile {
    /// Reads the file at `path` and fingerprints it with SHA-256.
    public static func fingerprint(_ path: String, role: String) throws -> RunFile {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ReportError("cannot read \(path) to fingerprint it") }
        defer { try? handle.close() }
        var hash = SHA256()
        var bytes: Int64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hash.update(data: chunk)
            bytes += Int64(chunk.count)
        }
        return RunFile(role: role, path: path, sha256: hash.finalize().hexString, bytes: bytes)
    }
}
