import Foundation

/// A small file kept beside the database so that, when the disk fills, deleting it frees room
/// for the one write that matters then: the run's row saying why it stopped (SQLite needs log
/// space even to update a row in place). Created at start when there is room; a missing one is
/// not an error.
public struct DiskReserve: Sendable {
    public static let bytes = 256 * 1_024
    public let path: String

    public init(besideDatabase database: String) {
        path = (database as NSString).deletingLastPathComponent + "/.disk-reserve"
    }

    /// Writes the reserve unless it is there (real blocks, not a sparse file).
    public func ensure() {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        if !FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x52, count: Self.bytes)) {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// Frees the reserve's space.
    public func release() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
