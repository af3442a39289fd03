import Foundation
import ProdCore

/// The ResearchAgent inside a running session: every `every` of market time (decision times,
/// so a replay and a live session schedule alike) it starts one `brain research run` in a child
/// process at the lowest CPU priority — never two at once — and learns its outcome at a later
/// decision point, without waiting: the agents' decision time is untouched. What a cycle
/// proposes is in the database; what it promotes reaches this session through the enable map,
/// like any edit. A child still running when the session ends is stopped with it (no orphan).
final class ResearchCycles {
    /// `command` runs one cycle (`brain research run …`); its output goes to `logFolder`.
    let command: [String]
    let every: Int64
    let logFolder: String
    let database: String?
    private var nextDue: Int64?
    private var running: (process: Process, proposalsBefore: Int, started: Int64)?
    private var cycles = 0

    init(command: [String], every: Int64, logFolder: String, database: String?) {
        self.command = command
        self.every = every
        self.logFolder = logFolder
        self.database = database
    }

    /// At each decision point: note a finished cycle, start a due one.
    func tick(at time: Int64, log: EventLog, metrics: BrainMetrics) {
        if let (process, before, started) = running, !process.isRunning {
            running = nil
            let new = proposals().suffix(max(0, proposalCount() - before))
            let status = process.terminationStatus
            metrics.researchFinished(result: status == 0 ? "finished" : "failed", proposals: Array(new))
            log(
                "research_finished", "research cycle started at \(UTCTimestamp.iso8601(started)) \(status == 0 ? "finished" : "failed (exit \(status))"): "
                    + "\(new.count) proposals, \(new.count { $0.passed }) passed, \(new.count { $0.promoted }) promoted",
                level: status == 0 ? .info : .warning, ["exit": "\(status)", "proposals": "\(new.count)"])
        }
        let due = nextDue ?? time + every
        nextDue = due
        guard running == nil, time >= due else { return }
        nextDue = time + every
        cycles += 1
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
        process.arguments = ["-n", "19"] + command
        let output = "\(logFolder)/research-\(getpid())-\(cycles).out"
        try? FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = process.standardOutput
        do {
            let before = proposalCount()
            try process.run()
            running = (process, before, time)
            log("research_started", "research cycle \(cycles) started (pid \(process.processIdentifier), output \(output))", ["pid": "\(process.processIdentifier)"])
        } catch {
            log("research_failed", "cannot start a research cycle: \(error)", level: .warning)
        }
    }

    /// Ends a cycle still running when the session ends: SIGTERM, then SIGKILL after 5 s.
    func stop(log: EventLog, metrics: BrainMetrics) {
        guard let (process, _, _) = running, process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        running = nil
        metrics.researchFinished(result: "stopped", proposals: [])
        log("research_stopped", "the research cycle still running (pid \(process.processIdentifier)) was stopped with the session")
    }

    private func store() -> RunStore? {
        guard let database, FileManager.default.fileExists(atPath: database) else { return nil }
        return try? RunStore(database: CruptoDatabase(path: database))
    }

    private func proposalCount() -> Int { (try? store()?.proposals(limit: 1_000_000).count) ?? 0 }

    private func proposals() -> [ResearchProposal] { ((try? store()?.proposals(limit: 1_000_000)) ?? []).reversed() }
}
