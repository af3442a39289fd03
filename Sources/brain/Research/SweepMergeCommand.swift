import AgentTools
import ArgumentParser
import Foundation

struct SweepMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard folders of one sweep (--shard I/N) into the result of the unsharded sweep.",
        discussion: "Every shard 1…N exactly once, all of the same grid, flags, data and code; the merged folder holds the same bytes an unsharded run writes.")

    @Argument(help: "The shards' result folders (reports/research_…_shard-I-of-N).")
    var folders: [String]

    @Option(help: "Folder of the result folders.")
    var reports = "reports"

    func run() throws {
        let shards = try folders.map { folder -> SweepResult in
            let path = folder + "/sweep.json"
            do {
                return try SweepResult.read(try Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw CLIError("\(path): not a sweep's result (\(error.localizedDescription))")
            }
        }
        let merged: SweepResult
        do { merged = try SweepResult.merge(shards) } catch { throw CLIError("\(error)") }
        print(try SweepFolder.write(merged, reports: reports))
    }
}
