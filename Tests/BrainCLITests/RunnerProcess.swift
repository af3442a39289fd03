import BrainOrchestrator
import Foundation
import ProdCore

/// A `prodcore-runner` started for a test, in a folder of its own (socket, database, reports,
/// output files), from the repository root like a user would.
final class RunnerProcess {
    let folder: String
    let process = Process()
    private(set) var runId: Int64 = 0

    static let executable = (BrainProcess.executable as NSString).deletingLastPathComponent + "/prodcore-runner"

    var socket: String { folder + "/run/prodcore.sock" }
    var database: String { folder + "/crupto.db" }
    var output: String { (try? String(contentsOfFile: folder + "/runner.out", encoding: .utf8)) ?? "" }
    var errors: String { (try? String(contentsOfFile: folder + "/runner.err", encoding: .utf8)) ?? "" }

    /// Starts `prodcore-runner arguments…` with this folder's socket, database and reports, and
    /// waits until it listens.
    init(folder: String, _ arguments: [String]) throws {
        self.folder = folder
        FileManager.default.createFile(atPath: folder + "/runner.out", contents: nil)
        FileManager.default.createFile(atPath: folder + "/runner.err", contents: nil)
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments + ["--socket", socket, "--db", database, "--reports", folder + "/reports", "--metrics-port", "0"]
        process.currentDirectoryURL = URL(fileURLWithPath: BrainProcess.repoRoot)
        process.standardOutput = FileHandle(forWritingAtPath: folder + "/runner.out")
        process.standardError = FileHandle(forWritingAtPath: folder + "/runner.err")
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("run ") }),
               let id = Int64(line.split(separator: " ")[1]) {
                runId = id
                return
            }
            guard process.isRunning else { throw RunnerError("runner exited \(process.terminationStatus): \(errors)") }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.terminate()
        throw RunnerError("runner did not start listening: \(errors)")
    }

    func connect() throws -> RunnerClient {
        try RunnerClient(socketPath: socket, timeout: .seconds(60))
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    @discardableResult
    func waitForExit() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The digest the runner printed at the end.
    var digest: String? {
        output.split(separator: "\n").first { $0.hasPrefix("digest ") }.map { String($0.dropFirst(7)) }
    }
}

/// A brain that answers every decision point of a lockstep runner from a fixed script: the plan
/// for a decision depends only on its time, so a restarted runner gets the same answers.
struct ScriptedBrain {
    /// The plan for the decision point at `time`, or `nil` for no change.
    let script: @Sendable (Int64) -> Plan?
    /// Every plan sent, by id: what a `brain backtest --plans` replay needs.
    private(set) var sent: [String: ClientMessage.PlanMessage] = [:]
    private(set) var fills: [Int: Fill] = [:]
    private(set) var duplicateFills = 0
    private(set) var answers: [RunnerMessage.PlanAnswer] = []
    private(set) var alerts: [RunnerMessage.Alert] = []
    private(set) var decisions = 0
    private(set) var welcomes: [RunnerMessage.Welcome] = []
    /// Sent again right after the next welcome, as a brain unsure whether its last plan arrived would.
    var resendAfterWelcome: ClientMessage.PlanMessage?

    init(script: @escaping @Sendable (Int64) -> Plan?) {
        self.script = script
    }

    /// Says hello and answers decision points until the run finishes or `limit` decisions were
    /// answered; returns whether the run finished.
    mutating func drive(_ client: RunnerClient, runId: Int64, limit: Int = .max) throws -> Bool {
        try client.send(.hello(.init(client: "scripted-brain", runId: runId, lastFillSeen: fills.keys.max() ?? -1)))
        var answered = 0
        while true {
            let message = try client.receive()
            switch message {
            case .welcome(let welcome):
                welcomes.append(welcome)
                if let plan = resendAfterWelcome {
                    try client.send(.plan(plan))
                    resendAfterWelcome = nil
                }
            case .snapshot(let snapshot):
                guard answered < limit else { return false }
                answered += 1
                decisions += 1
                let time = snapshot.decisionTime
                if let plan = script(time) {
                    let message = ClientMessage.PlanMessage(decisionTime: time, plan: plan)
                    sent[plan.id!] = message
                    try client.send(.plan(message))
                } else {
                    try client.send(.noChange(.init(decisionTime: time)))
                }
            case .fill(let event):
                if fills[event.index] != nil { duplicateFills += 1 }
                fills[event.index] = event.fill
            case .ack(let answer), .reject(let answer):
                answers.append(answer)
            case .alert(let alert):
                alerts.append(alert)
            case .status(let status) where status.state == .finished:
                return true
            case .refused(let refusal):
                throw RunnerError("refused: \(refusal.reason)")
            default:
                break
            }
        }
    }

    /// The plans sent, in decision order, as a `brain backtest --plans` file.
    func writePlans(to path: String) throws {
        let lines = sent.values.sorted { ($0.decisionTime ?? 0) < ($1.decisionTime ?? 0) }
            .map { String(decoding: WireProtocol.encode($0), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}

enum RunnerScripts {
    static let hour: Int64 = 3_600_000
    static let btc = InstrumentID(symbol: "BTCUSDT", market: .spot)

    static func plan(id: String, _ strategy: String, timeframe: Timeframe, stop: String? = nil, governor: GovernorOverrides = .init()) -> Plan {
        Plan(
            id: id, source: "test-brain", entries: [PlanEntry(strategy: try! StrategySpec(parsing: strategy), instrument: btc, timeframe: timeframe)],
            exits: ExitRules(stopLoss: stop.map { Rate($0)! }), governor: governor)
    }

    /// Every 12 hours a different plan: two strategy mixes, and now and then one the runner must
    /// reject (it loosens the daily loss limit); no change in between.
    static let alternating: @Sendable (Int64) -> Plan? = { time in
        let slot = time / hour
        guard slot % 12 == 0 else { return nil }
        switch (slot / 12) % 4 {
        case 0: return plan(id: "p\(time)", "ema_cross:fast=5,slow=20", timeframe: .m15, stop: "0.01")
        case 1: return plan(id: "p\(time)", "range_rev_5m", timeframe: .m5)
        case 2: return plan(id: "p\(time)", "ema_cross:fast=5,slow=20", timeframe: .m15, governor: GovernorOverrides(maxDailyLoss: Rate("0.5")))
        default: return plan(id: "p\(time)", "ema_cross:fast=8,slow=21", timeframe: .m5, stop: "0.02")
        }
    }
}
