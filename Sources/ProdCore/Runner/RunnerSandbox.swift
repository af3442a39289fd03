import CSandbox
import Foundation

/// The runner's least privilege (ARCHITECTURE.md §6.5): no new privileges, writes only beneath
/// its own folders and no executing anything (Landlock, where the kernel has it), TCP connections
/// to the live feed's ports only and binds to its metrics port only (Landlock ABI ≥ 4), no core
/// dumps. Landlock binds the thread that applies it and the threads created after: the runner
/// applies it before anything starts a network thread.
public struct RunnerSandbox: Sendable {
    public let noNewPrivileges: Result<Void, RunnerError>
    /// The Landlock ABI in force, or why there is none.
    public let landlock: Result<Int, RunnerError>
    public let writableFolders: [String]
    public let network: NetworkAllowance
    public let limits: [String]

    /// The TCP ports the runner may connect to and bind.
    public struct NetworkAllowance: Sendable, Equatable {
        public var connectPorts: [Int]
        public var bindPorts: [Int]

        public init(connectPorts: [Int], bindPorts: [Int]) {
            self.connectPorts = connectPorts
            self.bindPorts = bindPorts
        }

        /// The live feed's ports (from its base URLs) when it reads the exchange, and the metrics port.
        public static func runner(live: LiveEndpoints?, metricsPort: Int) -> NetworkAllowance {
            let urls = live.map { [$0.spot.rest, $0.spot.ws, $0.usdm.rest, $0.usdm.ws] } ?? []
            let ports = urls.compactMap { url -> Int? in
                guard let components = URLComponents(string: url) else { return nil }
                return components.port ?? (["https", "wss"].contains(components.scheme ?? "") ? 443 : 80)
            }
            return NetworkAllowance(connectPorts: Array(Set(ports)).sorted(), bindPorts: metricsPort > 0 ? [metricsPort] : [])
        }
    }

    /// Applies every protection the system allows; the report says which are active. Folders must exist.
    public static func apply(writableFolders: [String], network: NetworkAllowance) -> RunnerSandbox {
        let folders = writableFolders.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let privileges: Result<Void, RunnerError> = Self.check(csandbox_no_new_privs()).map { _ in () }
        let abi = csandbox_landlock_abi()
        let landlock: Result<Int, RunnerError>
        if abi < 0 {
            landlock = .failure(RunnerError("not supported by this kernel (\(String(cString: strerror(-abi))))"))
        } else {
            let pointers = folders.map { strdup($0) }
            defer { pointers.forEach { free($0) } }
            let connect = network.connectPorts.map(Int32.init)
            let bind = network.bindPorts.map(Int32.init)
            let result = pointers.map { UnsafePointer($0) }.withUnsafeBufferPointer { paths in
                connect.withUnsafeBufferPointer { connectPorts in
                    bind.withUnsafeBufferPointer { bindPorts in
                        // A non-null list, even empty, restricts: a replay connects nowhere.
                        withUnsafePointer(to: Int32(0)) { none in
                            csandbox_landlock_restrict(
                                paths.baseAddress, Int32(folders.count), connectPorts.baseAddress ?? none, Int32(connect.count),
                                bindPorts.baseAddress ?? none, Int32(bind.count))
                        }
                    }
                }
            }
            landlock = Self.check(result).map { _ in Int(abi) }
        }
        var core = rlimit(rlim_cur: 0, rlim_max: 0)
        let coreSet = setrlimit(Int32(RLIMIT_CORE.rawValue), &core) == 0
        var files = rlimit(rlim_cur: 1024, rlim_max: 1024)
        let filesSet = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &files) == 0
        return RunnerSandbox(
            noNewPrivileges: privileges, landlock: landlock, writableFolders: folders, network: network,
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
            let list = { (ports: [Int]) in ports.isEmpty ? "none" : ports.map(String.init).joined(separator: ", ") }
            lines.append(abi >= 4
                ? "landlock: TCP connect only to ports \(list(network.connectPorts)); TCP bind only to \(list(network.bindPorts))"
                : "landlock: ABI \(abi) < 4, TCP is not restricted")
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

    /// Tries a TCP connection to 127.0.0.1:`port`: how it ended ("connected", or the error).
    public static func probeConnect(port: Int) -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0 ? "connected" : String(cString: strerror(errno))
    }

    private static func check(_ result: Int32) -> Result<Int32, RunnerError> {
        result >= 0 ? .success(result) : .failure(RunnerError(String(cString: strerror(-result))))
    }
}
