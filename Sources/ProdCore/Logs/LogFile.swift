import Foundation
import Synchronization

/// One process's JSON lines file in `storage/logs`: `<process>-<pid>-<UTC stamp>.jsonl`, then
/// `…-2.jsonl`, `…-3.jsonl` once a file would pass `maxBytes` (`brain maintenance rotate` removes old
/// files of ended processes). Lines are appended whole with one `write` each, so a kill leaves
/// every earlier line intact. A failed write (disk full, read-only) is said once on stderr and
/// the file is left alone from then on; the run itself never waits on or fails for its log.
public final class LogFile: Sendable {
    public static let defaultMaxBytes = 16 << 20

    private struct State {
        var descriptor: Int32
        var path: String
        var bytes = 0
        var part = 1
        var failed = false
    }

    private let base: String
    private let maxBytes: Int
    private let state: Mutex<State>

    var path: String { state.withLock { $0.path } }

    init(folder: String, process: String, maxBytes: Int = defaultMaxBytes) throws {
        self.maxBytes = maxBytes
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        base = "\(folder)/\(process)-\(getpid())-\(RunStamp.compact())"
        let path = base + ".jsonl"
        state = Mutex(State(descriptor: try Self.create(path), path: path))
    }

    private static func create(_ path: String) throws -> Int32 {
        let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw RunnerError("cannot create \(path): \(String(cString: strerror(errno)))") }
        return descriptor
    }

    func append(_ line: String) {
        state.withLock { state in
            guard !state.failed else { return }
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            if state.bytes > 0 && state.bytes + bytes.count > maxBytes {
                state.part += 1
                let next = "\(base)-\(state.part).jsonl"
                guard let descriptor = try? Self.create(next) else { return fail(&state, "cannot create \(next)") }
                close(state.descriptor)
                state = State(descriptor: descriptor, path: next, part: state.part)
            }
            let written = bytes.withUnsafeBytes { write(state.descriptor, $0.baseAddress, $0.count) }
            guard written == bytes.count else { return fail(&state, String(cString: strerror(errno))) }
            state.bytes += written
        }
    }

    private func fail(_ state: inout State, _ reason: String) {
        state.failed = true
        FileHandle.standardError.write(Data("warning: log file \(state.path): \(reason); later events go to the console only\n".utf8))
    }

    deinit { state.withLock { close($0.descriptor) } }
}
