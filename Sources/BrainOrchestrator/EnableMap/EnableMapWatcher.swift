import Foundation
import ProdCore

/// Keeps the enable map in force and reloads it when its file changes (size, modification time or,
/// when those look unchanged, nothing: an edit always changes one of them). A change that does not
/// validate leaves the previous map in force. Thread-safe: a timer polls it every 250 ms on its own
/// queue, so an edit is seen within a second even when decision points are hours apart, and a file
/// that takes long to parse never holds up a decision point (which reads the map in force: the
/// lock is held only to swap it).
public final class EnableMapWatcher: @unchecked Sendable {
    /// What a poll found.
    public enum Change: Sendable {
        case loaded(EnableMap)
        case rejected(ConfigError)
    }

    public let path: String
    private let parser: EnableMapParser
    private let lock = NSLock()
    /// One poll at a time: the timer's and an explicit one (after a scenario's edit).
    private let polling = NSLock()
    private var current: EnableMap
    private var stamp: FileStamp?
    private var pending: [Change] = []
    private var timer: DispatchSourceTimer?

    /// Loads the map; a bad file at start is fatal (thrown).
    public init(path: String, parser: EnableMapParser) throws(ConfigError) {
        self.path = path
        self.parser = parser
        stamp = FileStamp(path)
        current = try parser.load(path)
    }

    public var map: EnableMap { lock.withLock { current } }

    /// Starts polling every 250 ms on a background queue.
    public func startTimer() {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "enable-map-watcher"))
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250))
        timer.setEventHandler { [weak self] in self?.poll() }
        timer.resume()
        lock.withLock { self.timer = timer }
    }

    public func stopTimer() {
        lock.withLock { timer?.cancel(); timer = nil }
    }

    /// Reloads when the file changed.
    public func poll() {
        polling.withLock {
            let now = FileStamp(path)
            guard now != lock.withLock({ stamp }) else { return }
            let change: Change
            do throws(ConfigError) {
                change = .loaded(try parser.load(path))
            } catch {
                change = .rejected(error)
            }
            lock.withLock {
                stamp = now
                if case .loaded(let map) = change {
                    guard map.version != current.version else { return }
                    current = map
                }
                pending.append(change)
            }
        }
    }

    /// The changes found since the last call, oldest first.
    public func takeChanges() -> [Change] {
        lock.withLock {
            defer { pending.removeAll() }
            return pending
        }
    }
}

/// Size and modification time of a file; `nil` when it cannot be read.
struct FileStamp: Equatable {
    let size: Int64
    let modified: timespec

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        modified = info.st_mtim
    }

    static func == (a: FileStamp, b: FileStamp) -> Bool {
        a.size == b.size && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
    }
}
