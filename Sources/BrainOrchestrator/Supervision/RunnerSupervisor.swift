import Foundation
import ProdCore

/// Starts `prodcore-runner` as a child process, connects to it once it listens, and starts it
/// again with `--resume RUN_ID` after a crash. Its output goes to files of its own in the log
/// folder (a pipe left unread could block it), named after this brain's pid and the start, so a
/// second brain in the same folder never touches them. The runner never spawns anything itself
/// (ARCHITECTURE.md §6.5).
public final class RunnerSupervisor: @unchecked Sendable {
    public let executable: String
    /// The flags of a new run; a restart passes `--resume` with the same socket, database and reports.
    public let arguments: [String]
    public let pathArguments: [String]
    public let logFolder: String
    public let socketPath: String
    /// The run the runner records, as its `welcome` said: a restart resumes it.
    public var runId: Int64?
    private var process: Process?
    /// A runner an earlier brain started and left behind, which this brain supervises now: not
    /// its child, so it is watched by pid and start time instead of waited for.
    private var adopted: ProcessIdentity?
    private var starts = 0

    /// How a runner process ended, or that it still runs.
    public enum Exit: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)
        /// An adopted runner ended: not this brain's child, so how is unknown.
        case gone
        case running

        public var description: String {
            switch self {
            case .exited(let status): "exited \(status)"
            case .signalled(let signal): "was killed by signal \(signal)"
            case .gone: "ended"
            case .running: "is still running"
            }
        }
    }

    /// A runner that could not be started and connected to. `retryable` when it died of a
    /// signal or was resuming a run (a crash to recover from); a new run whose runner exits with
    /// an error (bad flags, no data, a busy port) fails for good.
    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
        public let retryable: Bool
        /// The run to resume had finished already: the runner was killed after storing its end,
        /// before the brain got `finished`.
        public var alreadyFinished = false
    }

    public init(executable: String, arguments: [String], pathArguments: [String], socketPath: String, logFolder: String) {
        self.executable = executable
        self.arguments = arguments
        self.pathArguments = pathArguments
        self.socketPath = socketPath
        self.logFolder = logFolder
    }

    public var processIdentifier: Int32? { adopted?.pid ?? process?.processIdentifier }

    /// Connects to a live runner that holds this socket without a brain (its brain died, maybe
    /// while it was still starting), to supervise it from now on; `nil` when no runner holds the
    /// socket, or the holder does not listen within `patience`. Its run and mode come with its
    /// `welcome`.
    public func adoptLeftRunner(patience: Duration = .seconds(30)) -> RunnerClient? {
        let deadline = ContinuousClock.now + patience
        while let pid = SocketLock.holder(of: socketPath), let identity = ProcessIdentity.of(pid), ContinuousClock.now < deadline {
            if let client = try? RunnerClient(socketPath: socketPath, timeout: .milliseconds(250)), client.peerProcessID == pid {
                adopted = identity
                return client
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }

    /// Starts the runner (a new run, or `--resume runId`) and returns a connection to it once it
    /// listens. The connection is checked to lead to this child (`SO_PEERCRED`): another runner
    /// serving the same path is never mistaken for ours.
    public func start() throws -> RunnerClient {
        starts += 1
        let process = try spawn()
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if let client = try? RunnerClient(socketPath: socketPath, timeout: .milliseconds(250)) {
                if client.peerProcessID == process.processIdentifier { return client }
            }
            if !process.isRunning {
                let exit = waitForExit(timeout: .seconds(5))
                let signalled = if case .signalled = exit { true } else { false }
                // The run to resume had already finished (its last message was lost).
                let finishedBefore = exit == .exited(ResumeError.alreadyFinishedExitStatus)
                throw StartFailure(
                    description: "prodcore-runner \(exit) before listening: \(lastErrors)", retryable: !finishedBefore && (signalled || runId != nil),
                    alreadyFinished: finishedBefore)
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        kill()
        throw StartFailure(description: "prodcore-runner did not listen within 120 s (see \(errorFile))", retryable: false)
    }

    private func spawn() throws(StartFailure) -> Process {
        adopted = nil
        do {
            try FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true)
        } catch {
            throw StartFailure(description: "cannot create \(logFolder): \(error.localizedDescription)", retryable: false)
        }
        guard let output = Self.createExclusively(outputFile), let errors = Self.createExclusively(errorFile) else {
            throw StartFailure(description: "cannot create the runner's log files \(outputFile) and \(errorFile)", retryable: false)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = (runId.map { ["--resume", String($0)] } ?? arguments) + pathArguments
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw StartFailure(
                description: "cannot start \(executable): \(error.localizedDescription) (build it: swift build -c release --product prodcore-runner)",
                retryable: false)
        }
        self.process = process
        return process
    }

    private var outputFile: String { "\(logFolder)/runner-\(getpid())-\(starts).out" }
    private var errorFile: String { "\(logFolder)/runner-\(getpid())-\(starts).err" }

    /// A new file opened for writing; `nil` when it exists already (it is someone else's).
    private static func createExclusively(_ path: String) -> FileHandle? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        return descriptor >= 0 ? FileHandle(fileDescriptor: descriptor, closeOnDealloc: true) : nil
    }

    /// Waits up to `timeout` for the runner to end and says how it ended.
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(120)) -> Exit {
        if let adopted {
            let deadline = ContinuousClock.now + timeout
            while adopted.isAlive && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
            return adopted.isAlive ? .running : .gone
        }
        guard let process else { return .exited(0) }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { return .running }
        process.waitUntilExit()
        return process.terminationReason == .exit ? .exited(process.terminationStatus) : .signalled(process.terminationStatus)
    }

    public var isRunning: Bool { adopted?.isAlive ?? process?.isRunning ?? false }

    /// What the runner said last on stderr, for error messages: its `Error:` line when it wrote
    /// one (the sandbox lines before it are noise there), else its last lines.
    public var lastErrors: String {
        let lines = ((try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? "").split(separator: "\n")
        if let error = lines.last(where: { $0.hasPrefix("Error: ") }) { return String(error.dropFirst(7)) }
        return lines.suffix(3).joined(separator: " / ")
    }

    /// Asks the runner this brain started to stop (SIGTERM: it finishes the run and exports the
    /// report). An adopted runner is left as it was found: holding, or in safe mode.
    public func terminate() {
        if adopted == nil, let process, process.isRunning { process.terminate() }
    }

    /// Ends the runner at once, as a crash would: for a runner that no longer answers. What it
    /// committed stays, and `--resume` continues from there.
    public func kill() {
        if let adopted, adopted.isAlive {
            Foundation.kill(adopted.pid, SIGKILL)
            while adopted.isAlive { Thread.sleep(forTimeInterval: 0.01) }
        }
        guard let process, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
