import ArgumentParser
import Foundation
import ProdCore

struct ReportListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "One line per recorded run, with how it ended: finished, stopped, failed (why), running or interrupted (resumable).")

    @OptionGroup var database: ReportDatabaseOption

    @Flag(help: "Print one JSON array instead of text.")
    var json = false

    func run() throws {
        let runs = try database.store().runs()
        let states = runs.map { $0.state(isAlive: RunRecorderProcess.mayBeAlive) }
        if json {
            let objects = zip(runs, states).map { run, state -> [String: Any] in
                [
                    "id": run.id, "kind": run.kind, "status": run.status, "state": state, "started_at": run.startedAt,
                    "first_time": run.firstTime.map(UTCTimestamp.iso8601) ?? NSNull(),
                    "last_time": run.lastTime.map(UTCTimestamp.iso8601) ?? NSNull(), "inputs": run.inputsDone,
                    "digest": run.digest ?? NSNull(), "pruned_at": run.prunedAt ?? NSNull(),
                ]
            }
            let data = try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        guard !runs.isEmpty else {
            print("no runs in \(database.db)")
            return
        }
        print("id  kind      state       started               period                                        inputs    digest")
        for (run, state) in zip(runs, states) {
            let failure = (state.hasPrefix("failed: ") ? "  " + state : "") + (run.prunedAt.map { "  (pruned \($0))" } ?? "")
            let period = "\(run.firstTime.map(UTCTimestamp.iso8601) ?? "-") … \(run.lastTime.map(UTCTimestamp.iso8601) ?? "-")"
            print([
                String(run.id).padding(toLength: 3, withPad: " ", startingAt: 0), run.kind.padding(toLength: 9, withPad: " ", startingAt: 0),
                String(state.prefix(while: { $0 != ":" })).padding(toLength: 11, withPad: " ", startingAt: 0),
                run.startedAt.padding(toLength: 21, withPad: " ", startingAt: 0),
                period.padding(toLength: 45, withPad: " ", startingAt: 0), String(run.inputsDone).padding(toLength: 9, withPad: " ", startingAt: 0),
                (run.digest.map { String($0.prefix(16)) } ?? "-") + failure,
            ].joined(separator: " "))
        }
    }
}
