import Foundation

/// Claims a socket path for this runner: an exclusive `flock` on `PATH.lock` held for the
/// process's life (the kernel drops it when the process dies, even by `kill -9`). Holding it
/// proves no live runner serves the path, so a socket file left there is stale and removed;
/// failing to get it means another runner is alive, and its socket is left alone.
public final class SocketLock {
    private let descriptor: Int32
    public let path: String

    public init(socketPath path: String) throws(RunnerError) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch { throw RunnerError("cannot create \(folder): \(error.localizedDescription)") }
        }
        let lockPath = path + ".lock"
        descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw RunnerError("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let owner = (try? String(contentsOfFile: lockPath, encoding: .utf8)) ?? "?"
            close(descriptor)
            throw RunnerError("another prodcore-runner (pid \(owner.trimmingCharacters(in: .whitespacesAndNewlines))) serves \(path)")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        var status = stat()
        if lstat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFSOCK else {
                close(descriptor)
                throw RunnerError("\(path) exists and is not a socket; not removing it")
            }
            guard unlink(path) == 0 else {
                close(descriptor)
                throw RunnerError("cannot remove the stale socket \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// The pid of the live runner that holds the lock of `socketPath`, or `nil` when none does.
    /// Takes the lock for an instant when it is free (and lets it go), so it never blocks.
    public static func holder(of socketPath: String) -> Int32? {
        let lockPath = socketPath + ".lock"
        let descriptor = open(lockPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) != 0 else {
            flock(descriptor, LOCK_UN)
            return nil
        }
        let text = (try? String(contentsOfFile: lockPath, encoding: .utf8)) ?? ""
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Removes the socket file; the lock goes with the process.
    public func removeSocket() {
        unlink(path)
    }

    deinit { close(descriptor) }
}
