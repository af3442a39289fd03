import ArgumentParser
import Foundation
import ProdCore

struct MaintenanceStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What storage holds: database, write-ahead log, free pages, runs by state, what prune would remove, reports, logs.")

    @OptionGroup var options: MaintenanceOptions

    @Flag(help: "Print one JSON object (bytes as numbers).")
    var json = false

    func run() throws {
        let settings = try options.settings()
        let store = try options.store()
        let pages = try store.database.pages()
        var states: [String: Int] = [:]
        for run in try store.runs() { states[String(run.state(isAlive: RunRecorderProcess.mayBeAlive).prefix { $0 != ":" }), default: 0] += 1 }
        let candidates = try RunRetention.candidates(store, policy: settings.policy)
        let reportFolders = ((try? FileManager.default.contentsOfDirectory(atPath: options.reports)) ?? []).filter { $0.hasPrefix("run_") }.count
        let figures: [String: Any] = [
            "database_bytes": diskBytes(options.db), "wal_bytes": diskBytes(options.db + "-wal"), "free_bytes": pages.free * pages.size,
            "runs": states, "prunable_runs": candidates.count, "prunable_bytes": candidates.reduce(Int64(0)) { $0 + $1.bytes },
            "reports_bytes": diskBytes(options.reports), "report_folders": reportFolders, "logs_bytes": diskBytes(options.logs),
            "log_files": LogFolder(path: options.logs).files.count,
        ]
        if json {
            print(String(decoding: try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            return
        }
        func bytes(_ key: String) -> String { readableBytes(figures[key] as? Int64 ?? 0) }
        print("database   \(options.db): \(bytes("database_bytes")), write-ahead log \(bytes("wal_bytes")), free \(bytes("free_bytes")) (vacuum gives it back)")
        print("runs       " + states.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        print("prune      \(candidates.count) finished runs outside the retention window, ~\(bytes("prunable_bytes")) of per-bar rows")
        print("reports    \(options.reports): \(reportFolders) run folders, \(bytes("reports_bytes"))")
        print("logs       \(options.logs): \(figures["log_files"] ?? 0) files, \(bytes("logs_bytes"))")
    }
}
