import ArgumentParser
import Foundation
import ProdCore

struct MaintenanceRotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Remove log files of processes no longer running: older than logs.keep_days, then oldest first over logs.max_megabytes.")

    @OptionGroup var options: MaintenanceOptions

    @Flag(help: "Say what would go; change nothing.")
    var dryRun = false

    func run() throws {
        let settings = try options.settings()
        let logs = LogFolder(path: options.logs)
        let doomed = logs.filesToRemove(keepDays: settings.logs.keep_days, maxBytes: Int64(settings.logs.max_megabytes) << 20, now: Date())
        for file in doomed {
            if !dryRun { try FileManager.default.removeItem(atPath: file.path) }
            print("\(dryRun ? "would remove" : "removed") \(file.path) (\(readableBytes(file.bytes)))")
        }
        let freed = doomed.reduce(Int64(0)) { $0 + $1.bytes }
        print("\(doomed.count) log files \(dryRun ? "to remove" : "removed") (\(readableBytes(freed))); \(options.logs) holds \(readableBytes(diskBytes(options.logs)))")
    }
}

/// `storage/logs`: files named `<program>-<pid>-…`; a file whose process still runs is never removed.
struct LogFolder {
    struct File: Equatable {
        let path: String
        let bytes: Int64
        let modified: Date
        let pid: Int32?
    }

    let path: String

    var files: [File] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.compactMap { name in
            let full = path + "/" + name
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: full), attributes[.type] as? FileAttributeType == .typeRegular
            else { return nil }
            let pid = name.split(separator: "-").dropFirst().first.flatMap { Int32($0) }
            return File(path: full, bytes: attributes[.size] as? Int64 ?? 0, modified: attributes[.modificationDate] as? Date ?? .distantPast, pid: pid)
        }.sorted { ($0.modified, $0.path) < ($1.modified, $1.path) }
    }

    /// Files of ended processes older than `keepDays`, then the oldest of the rest while the
    /// folder holds more than `maxBytes`.
    func filesToRemove(keepDays: Int, maxBytes: Int64, now: Date) -> [File] {
        let all = files
        let removable = all.filter { file in file.pid.map { kill($0, 0) != 0 } ?? true }
        let cutoff = now.addingTimeInterval(-Double(keepDays) * 86_400)
        var doomed = removable.filter { $0.modified < cutoff }
        var total = all.reduce(Int64(0)) { $0 + $1.bytes } - doomed.reduce(Int64(0)) { $0 + $1.bytes }
        for file in removable where total > maxBytes && !doomed.contains(file) {
            doomed.append(file)
            total -= file.bytes
        }
        return doomed
    }
}
