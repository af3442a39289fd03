import ArgumentParser
import BrainOrchestrator
import Foundation
import ProdCore

/// Where a running brain writes its status.
enum BrainStatusFile {
    static func path(runnerConfig: String, database: String?) throws -> String {
        let file = try database ?? RunnerConfig.load(from: runnerConfig).database
        let storage = (file as NSString).deletingLastPathComponent
        return storage + "/run/brain.json"
    }

    /// The status of a brain that is still running, or an error saying there is none (and, when
    /// its runner outlived it, how to stop that one).
    static func running(_ path: String) throws -> BrainStatus {
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError("no brain has run here (\(path) is missing)") }
        let status = try BrainStatus.read(path)
        // The pid alone could be another process's by now: its start time must match too.
        guard status.state == "running", status.process?.isAlive ?? false else {
            var message = "no brain is running (the last one, pid \(status.pid), is \(status.state == "running" ? "gone" : status.state))"
            if let runner = orphanedRunner(status) {
                message += "; its runner (pid \(runner.pid), run \(status.runId.map(String.init) ?? "?")) is still alive: `brain stop` stops it"
            }
            throw CLIError(message)
        }
        return status
    }

    /// The runner a dead brain left behind, if it is still the same process.
    static func orphanedRunner(_ status: BrainStatus) -> ProcessIdentity? {
        guard let runner = status.runnerProcess, runner.isAlive else { return nil }
        return runner
    }
}

/// `brain status`: what a running brain sees and decides.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the running brain: its current state (equity, day loss, positions, regimes, strategies, governor, feed) and its alerts, newest first.")

    @Option(name: .customLong("runner-config"), help: "The runner settings whose storage folder holds the brain's status.")
    var runnerConfig = "configs/runner.yaml"

    @Option(help: "Database file the brain was started with (its folder holds the status).")
    var db: String?

    @Flag(help: "Print the status as JSON, in natural units (decimals, percent, ISO 8601 times).")
    var json = false

    func run() throws {
        let path = try BrainStatusFile.path(runnerConfig: runnerConfig, database: db)
        let status = try BrainStatusFile.running(path)
        let view = StatusView(status: status)
        // The ResearchAgent's newest proposals, from the database the brain records in.
        let database = try db ?? RunnerConfig.load(from: runnerConfig).database
        let proposals = FileManager.default.fileExists(atPath: database) ? (try? RunStore(database: CruptoDatabase(path: database)).proposals(limit: 5)) ?? [] : []
        if json {
            var object = view.json
            object["research_proposals"] = proposals.map { ["time": $0.time, "candidate": $0.candidate, "passed": $0.passed, "promoted": $0.promoted, "parameters": $0.parameters] }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        view.text.forEach { print($0) }
        if !proposals.isEmpty { (["", "Research proposals (newest first)"] + proposals.map(\.line)).forEach { print($0) } }
    }
}

/// `brain stop`: ends the running brain's run gracefully (report exported) and waits for it.
struct StopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop the running brain gracefully and wait until it has exited.")

    @Option(name: .customLong("runner-config"), help: "The runner settings whose storage folder holds the brain's status.")
    var runnerConfig = "configs/runner.yaml"

    @Option(help: "Database file the brain was started with (its folder holds the status).")
    var db: String?

    @Option(help: "Seconds to wait for the brain to exit.")
    var timeout = 120.0

    func run() throws {
        let path = try BrainStatusFile.path(runnerConfig: runnerConfig, database: db)
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError("no brain has run here (\(path) is missing)") }
        let status = try BrainStatus.read(path)
        if status.state == "running", let brain = status.process, brain.isAlive {
            try stop(brain, what: "brain")
            print("brain pid \(status.pid) stopped")
        } else if let runner = BrainStatusFile.orphanedRunner(status) {
            // Its brain died; the runner holds (lockstep) or trades in safe mode: it finishes the
            // run as stopped and exports the report.
            try stop(runner, what: "runner")
            print("runner pid \(runner.pid) of run \(status.runId.map(String.init) ?? "?") stopped (its brain, pid \(status.pid), was gone)")
        } else {
            _ = try BrainStatusFile.running(path)
        }
    }

    private func stop(_ process: ProcessIdentity, what: String) throws {
        guard kill(process.pid, SIGTERM) == 0 else { throw CLIError("cannot signal \(what) pid \(process.pid): \(String(cString: strerror(errno)))") }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isAlive {
            guard Date() < deadline else { throw CLIError("\(what) pid \(process.pid) still running after \(Int(timeout)) s") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}
