import Foundation

/// Two recorded runs compared table by table, row by row, and by their exported reports, with
/// `scripts/soak/compare_runs.py` (the crash soak's comparison; one implementation for both).
enum StoredRunComparison {
    static func compare(_ databaseA: String, _ runA: Int64, _ databaseB: String, _ runB: Int64) throws -> (equal: Bool, output: String) {
        let script = BrainProcess.repoRoot + "/scripts/soak/compare_runs.py"
        let result = try ExternalCommand.run(["python3", script, databaseA, String(runA), databaseB, String(runB)])
        return (result.status == 0, result.output)
    }
}
