import BrainOrchestrator
import Foundation
import ProdCore
import Testing

/// Numbers no one means (1e300, 1e-300, 1e19) from flags, files and frames: refused by name with
/// a non-zero exit, never a crash (a `Double` beyond `Int64` traps when converted).
@Suite struct HostileNumberTests {
    @Test(arguments: [
        (["start", "--duration", "1e300"], "--duration: expected seconds in"),
        (["start", "--lockstep-timeout", "1e300"], "--lockstep-timeout: expected seconds in"),
        (["start", "--speed", "1e-300"], "--speed: max, or expected a multiple of real time"),
        (["start", "--speed", "nan"], "--speed: max, or expected a multiple of real time"),
    ])
    func aBrainFlagOutOfRangeIsRefusedByName(arguments: [String], message: String) throws {
        let result = try BrainProcess.run(arguments + ["--db", try BrainProcess.temporaryFolder() + "/crupto.db"])
        #expect(result.status == 64, "\(result.errors)")
        #expect(result.errors.contains(message), "\(result.errors)")
    }

    @Test(arguments: ["--heartbeat-timeout", "--lockstep-timeout"])
    func aRunnerFlagOutOfRangeIsRefusedByName(flag: String) throws {
        let folder = try BrainProcess.temporaryFolder()
        let output = try RunnerSafetyTests.run([RunnerProcess.executable, flag, "1e300", "--db", folder + "/crupto.db", "--socket", folder + "/p.sock"])
        #expect(output.contains("\(flag): expected seconds in 0.001…86400, got 1e+300"), "\(output)")
    }

    @Test func aRestartWindowOf1e300MinutesIsRefusedByName() throws {
        let folder = try BrainProcess.temporaryFolder()
        let config = try String(contentsOfFile: BrainProcess.repoRoot + "/configs/brain.yaml", encoding: .utf8)
            .replacingOccurrences(of: "restart_window_minutes: 10", with: "restart_window_minutes: 1e300")
        try config.write(toFile: folder + "/brain.yaml", atomically: true, encoding: .utf8)
        let result = try BrainProcess.run(["start", "--config", folder + "/brain.yaml", "--db", folder + "/crupto.db"])
        #expect(result.status == 1)
        #expect(result.errors.contains("brain.yaml: supervision.restart_window_minutes: expected minutes in 0.001…10080"), "\(result.errors)")
    }

    /// `"fast": 1e19` in a plan message: the runner rejects the plan with the field and its range
    /// and goes on (before, printing the plan's entry converted 1e19 to Int and killed it).
    @Test func aPlanParameterOf1e19IsAnErrorAndTheRunnerGoesOn() throws {
        let runner = try RunnerProcess(folder: try BrainProcess.temporaryFolder(), RunnerSafetyTests.slowFeed)
        defer { runner.process.terminate() }
        let client = try runner.connect()
        try client.send(.hello(.init(client: "test")))
        _ = try client.receive { if case .welcome(let welcome) = $0 { welcome } else { nil } }
        let valid = ClientMessage.plan(.init(plan: RunnerScripts.plan(id: "huge", "ema_cross:fast=20,slow=50", timeframe: .h1)))
        let plan = String(decoding: WireProtocol.encode(valid), as: UTF8.self).replacingOccurrences(of: "\"fast\":20", with: "\"fast\":1e19")
        #expect(plan.contains("1e19"))
        try client.sendRaw(WireFrame.encode(Array(plan.utf8)))
        let reply = try client.receive { message -> String? in
            switch message {
            case .reject(let answer): answer.reasons.joined(separator: "; ")
            case .ack, .error: "answered: \(message)"
            default: nil
            }
        }
        #expect(reply.contains("entries[0].strategy: fast must be a whole number in"), "\(reply)")
        try client.send(.query(.init(what: .state)))
        let status = try client.receive { if case .status(let status) = $0 { status } else { nil } }
        #expect(status.state != .finished)
        #expect(runner.process.isRunning)
    }

    /// A hello may name any fill index as the last one seen: Int.max (its successor overflowed and
    /// killed the runner) and numbers beyond the fills or below −1 resend nothing they should not.
    @Test(arguments: [Int.max, Int.min, 1_000_000, -5])
    func aHelloNamingAnyFillIndexLeavesTheRunnerRunning(lastFillSeen: Int) throws {
        let runner = try RunnerProcess(folder: try BrainProcess.temporaryFolder(), RunnerSafetyTests.slowFeed)
        defer { runner.process.terminate() }
        let client = try runner.connect()
        try client.send(.hello(.init(client: "test", lastFillSeen: lastFillSeen)))
        _ = try client.receive { if case .welcome(let welcome) = $0 { welcome } else { nil } }
        try client.send(.query(.init(what: .state)))
        let status = try client.receive { if case .status(let status) = $0 { status } else { nil } }
        #expect(status.state != .finished)
        #expect(runner.process.isRunning)
    }
}
