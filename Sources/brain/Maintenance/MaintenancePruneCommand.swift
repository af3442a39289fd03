import ArgumentParser
import Foundation
import ProdCore

struct MaintenancePruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove the per-bar rows of finished runs outside the retention window, and old report folders when configured.")

    @OptionGroup var options: MaintenanceOptions

    @Flag(help: "Say what would go and how many bytes; change nothing.")
    var dryRun = false

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let settings = try options.settings()
        let store = try options.store()
        let candidates = try RunRetention.candidates(store, policy: settings.policy)
        let folders = try expiredReportFolders(store, keepDays: settings.reports.keep_days)
        let folderBytes = folders.reduce(Int64(0)) { $0 + diskBytes($1) }
        if !dryRun {
            for candidate in candidates { try RunRetention.prune(store, run: candidate.run, at: RunStamp.now()) }
            for folder in folders { try FileManager.default.removeItem(atPath: folder) }
        }
        let rowBytes = candidates.reduce(Int64(0)) { $0 + $1.bytes }
        if json {
            let object: [String: Any] = [
                "dry_run": dryRun, "runs": candidates.map { ["run": $0.run, "kind": $0.kind, "finished_at": $0.finishedAt, "rows": $0.rows, "bytes": $0.bytes] },
                "row_bytes": rowBytes, "report_folders": folders, "report_bytes": folderBytes,
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            return
        }
        let verb = dryRun ? "would prune" : "pruned"
        for candidate in candidates {
            let rows = candidate.rows.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            print("\(verb) run \(candidate.run) (\(candidate.kind), finished \(candidate.finishedAt)): \(rows), ~\(readableBytes(candidate.bytes))")
        }
        for folder in folders { print("\(dryRun ? "would remove" : "removed") \(folder) (\(readableBytes(diskBytes(folder))))") }
        let kept = "keeping the newest \(settings.keep_bar_rows.runs) finished runs and those of the last \(settings.keep_bar_rows.days) days"
        print("\(candidates.count) runs \(dryRun ? "to prune" : "pruned") (~\(readableBytes(rowBytes)) of rows), \(folders.count) report folders (\(readableBytes(folderBytes))); \(kept)"
            + (dryRun || candidates.isEmpty ? "" : "; `brain maintenance vacuum` gives the space back to the file system"))
    }

    /// Report folders of finished runs that finished more than `keepDays` ago (none without a setting).
    private func expiredReportFolders(_ store: RunStore, keepDays: Int?) throws -> [String] {
        guard let keepDays else { return [] }
        let cutoff = RunRetention.finishedBefore(days: keepDays)
        return try store.runs().filter { run in
            ["finished", "stopped"].contains(run.state(isAlive: RunRecorderProcess.mayBeAlive)) && run.finishedAt.map { $0 <= cutoff } ?? false
        }.flatMap { MaintenanceOptions.reportFolders(of: [$0.id], in: options.reports) }
    }
}
