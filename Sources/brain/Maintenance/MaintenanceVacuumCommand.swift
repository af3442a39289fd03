import ArgumentParser
import Foundation
import ProdCore

struct MaintenanceVacuumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vacuum",
        abstract: "Give the database's free pages back to the file system (checkpoint, VACUUM). Refused while a run records.")

    @OptionGroup var options: MaintenanceOptions

    func run() throws {
        let store = try options.store()
        // VACUUM holds the write lock for as long as it rewrites the file: a runner's commits would
        // wait past their busy timeout and stop the run.
        if let active = try store.runs().first(where: { $0.state(isAlive: RunRecorderProcess.mayBeAlive) == "running" }) {
            throw CLIError(
                "run \(active.id) is recording into \(options.db) (process \(active.recorder.map { String($0.pid) } ?? "?")): "
                    + "VACUUM would block its commits; run it when no session runs (`brain maintenance prune` is safe now)")
        }
        let before = diskBytes(options.db) + diskBytes(options.db + "-wal")
        let pages = try store.database.pages()
        try store.database.vacuum()
        let after = diskBytes(options.db) + diskBytes(options.db + "-wal")
        print("vacuumed \(options.db): \(readableBytes(before)) → \(readableBytes(after)) (\(pages.free) free pages of \(pages.total) given back)")
    }
}
