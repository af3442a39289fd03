import Foundation
import GRDB

/// Copies the write-ahead log into the database file on a thread and a connection of its own, so
/// that no commit waits for it. SQLite checkpoints inside the commit that takes the log past 1,000
/// pages (about every 110 plans), and that commit and the ack waiting for it took 2–3 ms: a plan
/// round trip's p99 (DEVELOPERS.md, "The main job").
///
/// A passive checkpoint never holds the writer up, but the log starts again from its beginning
/// only when a commit begins with all of it copied. So once `commitsPerCheckpoint` commits have
/// come since the log last started again, the thread checkpoints right after each commit, in the
/// gap before the next one, until a commit has started the log again. SQLite's own checkpoint
/// stays the backstop should this one fall behind. The first failure — a file made read-only or
/// immutable, a full disk, which SQLite's own checkpoints ignore — is kept and thrown by the next
/// `committed()`.
final class LogCheckpointer: Sendable {
    static let commitsPerCheckpoint = 32
    private let worker: Worker

    init(database: CruptoDatabase) throws(PersistError) {
        do {
            var configuration = Configuration()
            // A busy checkpoint (SQLite's own one running) is skipped, not waited for.
            configuration.busyMode = .immediateError
            worker = Worker(connection: try DatabaseQueue(path: database.path, configuration: configuration), path: database.path)
        } catch {
            throw PersistError.from(error, path: database.path)
        }
        let thread = Thread { [worker] in worker.run() }
        thread.name = "crupto-log-checkpointer"
        thread.start()
    }

    deinit { worker.stop() }

    /// Tells the thread a commit ended. Throws what made an earlier checkpoint fail.
    func committed() throws(PersistError) {
        try worker.committed()
    }

    /// The thread's state, apart from its owner so that the thread ends when the owner goes.
    private final class Worker: @unchecked Sendable {
        private let connection: DatabaseQueue
        private let path: String
        private let condition = NSCondition()
        /// Commits since the log last started again; checkpoints are due from `commitsPerCheckpoint` on.
        private var commits = 0
        /// Whether a commit ended since the last checkpoint.
        private var freshCommit = false
        private var stopped = false
        private var failure: PersistError?

        init(connection: DatabaseQueue, path: String) {
            self.connection = connection
            self.path = path
        }

        func committed() throws(PersistError) {
            condition.lock()
            defer { condition.unlock() }
            if let failure { throw failure }
            commits += 1
            freshCommit = true
            if commits >= LogCheckpointer.commitsPerCheckpoint { condition.signal() }
        }

        func stop() {
            condition.lock()
            stopped = true
            condition.signal()
            condition.unlock()
        }

        func run() {
            var logFrames = 0
            condition.lock()
            defer { condition.unlock() }
            while true {
                while !stopped && !(freshCommit && commits >= LogCheckpointer.commitsPerCheckpoint) { condition.wait() }
                if stopped { return }
                freshCommit = false
                condition.unlock()
                let checkpoint = checkpoint()
                condition.lock()
                switch checkpoint {
                case .failure(let error):
                    failure = error
                    return
                case .success(let frames?):
                    // Fewer frames than the last checkpoint found: a commit started the log again.
                    if frames < logFrames { commits = 0 }
                    logFrames = frames
                case .success(nil):
                    break
                }
            }
        }

        /// One passive checkpoint: the frames the log held when it began (`nil` when SQLite's own
        /// checkpoint was running), or why it failed.
        private func checkpoint() -> Result<Int?, PersistError> {
            do {
                return .success(try connection.writeWithoutTransaction { try $0.checkpoint(.passive) }.walFrameCount)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                return .success(nil)
            } catch {
                return .failure(PersistError.from(error, path: path))
            }
        }
    }
}
