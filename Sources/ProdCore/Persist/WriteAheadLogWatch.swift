import Foundation

/// Notices when the database's write-ahead log is deleted or replaced under a running process.
/// SQLite keeps writing to the file it opened, so commits still "succeed" while nothing reaches
/// the file on disk: the run must stop and say so instead of reporting numbers it never stored.
/// One `stat(2)` per commit.
public struct WriteAheadLogWatch: Sendable {
    public let path: String
    private var inode: UInt64?

    /// Watches the log of the database at `database` (`database-wal`).
    public init(database: String) {
        path = database + "-wal"
    }

    /// Call after each commit: throws when the log seen before is gone or is another file now.
    public mutating func check() throws(PersistError) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            guard inode == nil else {
                throw PersistError.failed(
                    path: path, reason: "the write-ahead log was deleted while the run wrote to it; what it held since the last checkpoint is not on disk")
            }
            return
        }
        let current = UInt64(status.st_ino)
        if let inode, inode != current {
            throw PersistError.failed(path: path, reason: "the write-ahead log was replaced by another file while the run wrote to it")
        }
        inode = current
    }
}
