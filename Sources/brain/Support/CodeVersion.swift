import Foundation

/// The code a run was made with: `git describe --always --dirty` of the working folder, or
/// `unknown` outside a git checkout (`CRUPTO_CODE_VERSION` overrides both).
enum CodeVersion {
    static var current: String {
        if let version = ProcessInfo.processInfo.environment["CRUPTO_CODE_VERSION"] { return version }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "describe", "--always", "--dirty"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "unknown" }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let version = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !version.isEmpty ? version : "unknown"
    }
}
