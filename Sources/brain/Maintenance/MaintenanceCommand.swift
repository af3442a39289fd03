import ArgumentParser
import Foundation
import ProdCore

struct MaintenanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance",
        abstract: "Keep storage/ and reports/ in bounds: status, prune, vacuum, rotate (retention in configs/maintenance.yaml).",
        discussion: """
            prune removes the per-bar rows of old finished runs (and, when configured, old report folders); \
            it is safe beside a running session. vacuum gives the freed pages back to the file system and \
            refuses while a run records. rotate removes old log files. scripts/vacuum_and_rotate.sh runs all three.
            """,
        subcommands: [MaintenanceStatusCommand.self, MaintenancePruneCommand.self, MaintenanceVacuumCommand.self, MaintenanceRotateCommand.self])
}

/// Where `brain maintenance` looks, and the retention it applies.
struct MaintenanceOptions: ParsableArguments {
    @Option(help: "The database the runs are recorded in.")
    var db = CruptoDatabase.defaultPath

    @Option(help: "The reports folder.")
    var reports = "reports"

    @Option(help: "The log folder.")
    var logs = "storage/logs"

    @Option(help: "Retention settings.")
    var config = MaintenanceSettings.defaultPath

    func settings() throws -> MaintenanceSettings { try MaintenanceSettings.load(config) }

    func store() throws -> RunStore { RunStore(database: try CruptoDatabase(path: db)) }

    /// The report folders of `runs` under `reports` (`run_<stamp>_<id>`).
    static func reportFolders(of runs: [Int64], in reports: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: reports)) ?? []
        return runs.flatMap { run in names.filter { $0.hasPrefix("run_") && $0.hasSuffix("_\(run)") }.sorted().map { reports + "/" + $0 } }
    }
}

/// Bytes as people read them.
func readableBytes(_ bytes: Int64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
}

/// The size of a file or of everything under a folder.
func diskBytes(_ path: String) -> Int64 {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return 0 }
    guard isFolder.boolValue else { return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0 }
    let names = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
    return names.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: path + "/" + $1)[.size] as? Int64) ?? 0) }
}
