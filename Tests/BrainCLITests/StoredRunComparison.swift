import Foundation

/// Two recorded runs compared table by table, row by row, and by their exported reports, with
/// `scripts/soak/compare_runs.py` (the crash soak's comparison; one implementation for both).
enum StoredRunComparison {
    static func compare(_ databaseA: String, _ runA: Int64, _ databaseB: String, _ runB: Int64) throws -> (equal: Bool, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", BrainProcess.repoRoot + "/scripts/soak/compare_runs.py", databaseA, String(runA), databaseB, String(runB)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus == 0, text)
    }
}
