import ArgumentParser
import Foundation
import ProdCore

struct ReportListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "One line per recorded run.")

    @OptionGroup var database: ReportDatabaseOption

    @Flag(help: "Print one JSON array instead of text.")
    var json = false

    func run() throws {
        let runs = try database.store().runs()
        if json {
            let objects = runs.map { run -> [String: Any] in
                [
                    "id": run.id, "kind": run.kind, "status": run.status, "started_at": run.startedAt,
                    "first_time": run.firstTime.map(UTCTimestamp.iso8601) ?? NSNull(),
                    "last_time": run.lastTime.map(UTCTimestamp.iso8601) ?? NSNull(), "inputs": run.inputsDone,
                    "digest": run.digest ?? NSNull(),
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
        print("id  kind      status    started               period                                        inputs    digest")
        for run in runs {
            let period = "\(run.firstTime.map(UTCTimestamp.iso8601) ?? "-") … \(run.lastTime.map(UTCTimestamp.iso8601) ?? "-")"
            print([
                String(run.id).padding(toLength: 3, withPad: " ", startingAt: 0), run.kind.padding(toLength: 9, withPad: " ", startingAt: 0),
                run.status.padding(toLength: 9, withPad: " ", startingAt: 0), run.startedAt.padding(toLength: 21, withPad: " ", startingAt: 0),
                period.padding(toLength: 45, withPad: " ", startingAt: 0), String(run.inputsDone).padding(toLength: 9, withPad: " ", startingAt: 0),
                run.digest.map { String($0.prefix(16)) } ?? "-",
            ].joined(separator: " "))
        }
    }
}
