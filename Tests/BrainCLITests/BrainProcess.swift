import Foundation

/// Runs the built `brain` executable the way a user does and captures what it prints.
struct BrainProcess {
    struct Result {
        let status: Int32
        let output: String
        let errors: String
    }

    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `brain` from the same build folder as the running test bundle.
    static let executable: String = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while folder.pathExtension == "xctest" || folder.lastPathComponent == "Contents" || folder.lastPathComponent == "MacOS" {
            folder.deleteLastPathComponent()
        }
        let candidate = folder.appendingPathComponent("brain").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : repoRoot + "/.build/debug/brain"
    }()

    /// Runs `brain arguments…` with the repository root as working directory. A backtest records
    /// into a database and reports folder of its own unless the arguments name them.
    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        var arguments = arguments
        if arguments.first == "backtest" && !arguments.contains("--db") {
            let folder = try temporaryFolder()
            arguments += ["--db", folder + "/crupto.db", "--reports", folder + "/reports"]
        }
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repoRoot)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self))
    }

    static func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "crupto-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// Any program run to its end, both output streams together.
enum ExternalCommand {
    /// Whether process `pid` runs: it exists and is not a zombie (an orphan's parent here may
    /// not reap it at once, and `kill(pid, 0)` succeeds on a zombie).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let name = stat.range(of: ")", options: .backwards)
        else { return false }
        return !["Z", "X"].contains(stat[name.upperBound...].split(separator: " ").first ?? "")
    }

    static func run(_ arguments: [String], in directory: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
