import ArgumentParser
import Foundation
import ProdCore

struct ReportReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Run a recorded run again offline and compare the digests: a backtest from its command and files, a session (brain start, live or replay) from its journal and stored bars.",
        discussion: "Exit status 0 when the replay gives the recorded digest, 1 when it does not or a file changed. A live session replayed offline giving its digest is the paper-vs-replay parity check (docs/live.md).")

    @Argument(help: "The run id (brain report list).")
    var id: Int64

    @OptionGroup var database: ReportDatabaseOption

    @Option(help: "The prodcore-runner executable that replays a session (default: beside this brain).")
    var runner: String?

    func run() throws {
        let (store, stored) = try database.run(id)
        if stored.kind == "runner" {
            // A session is replayed by the runner's own code, from what the runner stored.
            let executable = runner ?? ThisExecutable.sibling("prodcore-runner")
            let db = URL(fileURLWithPath: database.db).standardizedFileURL.path
            let result = try ExternalProgram.run(executable, ["--reproduce", String(id), "--db", db])
            print(result.output, terminator: "")
            if result.status != 0 { throw ExitCode(1) }
            return
        }
        guard stored.kind == "backtest", let digest = stored.digest else {
            throw CLIError("run \(id) is a \(stored.status) \(stored.kind) run: only finished backtests can be reproduced")
        }
        let settings = try JSONDecoder().decode(RunSettings.self, from: Data(stored.settings.utf8))
        guard FileManager.default.changeCurrentDirectoryPath(settings.directory) else {
            throw CLIError("run \(id) was started in \(settings.directory), which is gone")
        }
        for file in try store.files(run: id) {
            let now = try? RunFile.fingerprint(file.path, role: file.role)
            guard now == file else {
                throw CLIError("\(file.path) changed since run \(id) (sha256 \(file.sha256) then, \(now?.sha256 ?? "missing") now)")
            }
        }
        var command = try BacktestCommand.parse(settings.arguments)
        command.recording.noRecord = true
        command.json = true
        let summary = try BacktestRun(command: command, arguments: settings.arguments).execute(resuming: nil, printing: false)
        guard summary.digest == digest else {
            throw CLIError("run \(id) did not reproduce: digest \(summary.digest) now, \(digest) recorded")
        }
        print("run \(id) reproduced: digest \(digest)")
    }
}
