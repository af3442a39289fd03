import Foundation
import ProdCore

/// Starts `prodcore-runner` as a child process, waits until it listens, and restarts it with
/// `--resume RUN_ID` after a crash. Its output goes to files in the log folder (a pipe left unread
/// could block it). The runner never spawns anything itself (ARCHITECTURE.md §6.5).
public final class RunnerSupervisor: @unchecked Sendable {
    public let executable: String
    /// The flags of a new run; a restart passes `--resume` with the same socket, database and reports.
    public let arguments: [String]
    public let pathArguments: [String]
    public let logFolder: String
    public private(set) var runId: Int64?
    private var process: Process?
    private var starts = 0

    public init(executable: String, arguments: [String], pathArguments: [String], logFolder: String) {
        self.executable = executable
        self.arguments = arguments
        self.pathArguments = pathArguments
        self.logFolder = logFolder
    }

    public var processIdentifier: Int32? { process?.processIdentifier }

    /// Starts a new run, or resumes `runId` after a crash; returns when the runner listens.
    public func start() throws -> Int64 {
        try FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true)
        starts += 1
        let output = "\(logFolder)/runner-\(starts).out", errors = "\(logFolder)/runner-\(starts).err"
        guard FileManager.default.createFile(atPath: output, contents: nil), FileManager.default.createFile(atPath: errors, contents: nil) else {
            throw RunnerError("cannot create the runner's log files in \(logFolder)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = (runId.map { ["--resume", String($0)] } ?? arguments) + pathArguments
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle(forWritingAtPath: errors)
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw RunnerError("cannot start \(executable): \(error.localizedDescription) (build it: swift build -c release --product prodcore-runner)")
        }
        self.process = process
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("run ") }), let id = Int64(line.split(separator: " ")[1]) {
                runId = id
                return id
            }
            guard process.isRunning else {
                process.waitUntilExit()
                let reason = ((try? String(contentsOfFile: errors, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                throw RunnerError("prodcore-runner exited \(process.terminationStatus) before listening: \(reason)")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.terminate()
        throw RunnerError("prodcore-runner did not listen within 120 s (see \(errors))")
    }

    /// Waits for the runner to end; its exit status, or `nil` when it was killed by a signal.
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(120)) -> Int32? {
        guard let process else { return 0 }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        return process.terminationReason == .exit ? process.terminationStatus : nil
    }

    public var isRunning: Bool { process?.isRunning ?? false }

    /// The last lines the runner wrote to stderr: for error messages.
    public var lastErrors: String {
        let text = (try? String(contentsOfFile: "\(logFolder)/runner-\(starts).err", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(3).joined(separator: " / ")
    }

    public func terminate() {
        if let process, process.isRunning { process.terminate() }
    }
}
