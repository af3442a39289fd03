import CSandbox
import Foundation

/// The runner's least privilege (ARCHITECTURE.md §6.5): no new privileges, writes only beneath
/// its own folders and no executing anything (Landlock, where the kernel has it), no core dumps.
public struct RunnerSandbox: Sendable {
    public let noNewPrivileges: Result<Void, RunnerError>
    /// The Landlock ABI in force, or why there is none.
    public let landlock: Result<Int, RunnerError>
    public let writableFolders: [String]
    public let limits: [String]

    /// Applies every protection the system allows; the report says which are active. Folders must exist.
    public static func apply(writableFolders: [String]) -> RunnerSandbox {
        let folders = writableFolders.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let privileges: Result<Void, RunnerError> = Self.check(csandbox_no_new_privs()).map { _ in () }
        let abi = csandbox_landlock_abi()
        let landlock: Result<Int, RunnerError>
        if abi < 0 {
            landlock = .failure(RunnerError("not supported by this kernel (\(String(cString: strerror(-abi))))"))
        } else {
            let pointers = folders.map { strdup($0) }
            defer { pointers.forEach { free($0) } }
            let result = pointers.map { UnsafePointer($0) }.withUnsafeBufferPointer {
                csandbox_landlock_restrict($0.baseAddress, Int32(folders.count))
            }
            landlock = Self.check(result).map { _ in Int(abi) }
        }
        var core = rlimit(rlim_cur: 0, rlim_max: 0)
        let coreSet = setrlimit(Int32(RLIMIT_CORE.rawValue), &core) == 0
        var files = rlimit(rlim_cur: 1024, rlim_max: 1024)
        let filesSet = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &files) == 0
        return RunnerSandbox(
            noNewPrivileges: privileges, landlock: landlock, writableFolders: folders,
            limits: [coreSet ? "core dumps off (RLIMIT_CORE 0)" : "RLIMIT_CORE: not set",
                     filesSet ? "at most 1024 open files (RLIMIT_NOFILE)" : "RLIMIT_NOFILE: not set"])
    }

    public var isLandlocked: Bool { (try? landlock.get()) != nil }

    /// One line per protection, for `--print-sandbox` and the log.
    public var description: String {
        var lines: [String] = []
        switch noNewPrivileges {
        case .success: lines.append("no_new_privs: active")
        case .failure(let error): lines.append("no_new_privs: inactive (\(error))")
        }
        switch landlock {
        case .success(let abi):
            lines.append("landlock: active (ABI \(abi)); writes only beneath \(writableFolders.joined(separator: ", ")); executing programs denied")
        case .failure(let error): lines.append("landlock: inactive (\(error)); writes and exec are not restricted")
        }
        lines += limits.map { "rlimit: \($0)" }
        lines.append("processes: the runner never spawns one")
        return lines.joined(separator: "\n")
    }

    /// Tries to create a file in `folder`: `nil` when it worked (the file is removed again), else the error.
    public static func probeWrite(in folder: String) -> String? {
        let path = (folder as NSString).appendingPathComponent("prodcore-sandbox-probe-\(getpid())")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        close(descriptor)
        unlink(path)
        return nil
    }

    private static func check(_ result: Int32) -> Result<Int32, RunnerError> {
        result >= 0 ? .success(result) : .failure(RunnerError(String(cString: strerror(-result))))
    }
}
