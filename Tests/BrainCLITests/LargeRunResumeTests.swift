import BrainOrchestrator
import Foundation
import ProdCore
import Testing

/// A run that holds more than 50,000 plans, killed with SIGKILL and resumed. Resuming reads every
/// stored plan back, and SQLite sorts that many in temporary files, which the sandbox once denied
/// in /var/tmp ("cannot open database file"). The plans arrive free-running, as fast as the runner
/// takes them (lockstep would need 50,000 five-minute decision points: half a year of bars). The
/// runner's memory stays flat meanwhile: stored plans leave it, and older answers come from the store.
@Suite(.serialized) struct LargeRunResumeTests {
    static let flags = ["--speed", "1", "--heartbeat-timeout", "600", "--from", "2023-02-01", "--to", "2023-03-09"]
    static let plans = 50_200

    /// Plan `number`: two strategy mixes in turn, so every one is applied.
    static func plan(_ number: Int) -> Plan {
        number % 2 == 0
            ? RunnerScripts.plan(id: "n\(number)", "ema_cross:fast=5,slow=20", timeframe: .m5, stop: "0.01")
            : RunnerScripts.plan(id: "n\(number)", "ema_cross:fast=8,slow=21", timeframe: .m5, stop: "0.02")
    }

    /// Sends plans `range` in bursts of 200 and returns their answers.
    static func send(_ range: Range<Int>, to client: RunnerClient) throws -> [RunnerMessage.PlanAnswer] {
        var answers: [RunnerMessage.PlanAnswer] = []
        for burst in stride(from: range.lowerBound, to: range.upperBound, by: 200) {
            let numbers = burst..<min(burst + 200, range.upperBound)
            for number in numbers { try client.send(.plan(.init(plan: plan(number)))) }
            while answers.count < numbers.upperBound - range.lowerBound {
                switch try client.receive() {
                case .ack(let answer), .reject(let answer): answers.append(answer)
                default: break
                }
            }
        }
        return answers
    }

    static func residentKilobytes(_ pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    @Test func aRunWithFiftyThousandPlansIsKilledAndResumed() throws {
        let folder = try BrainProcess.temporaryFolder()
        let first = try RunnerProcess(folder: folder, Self.flags)
        let client = try first.connect()
        try client.send(.hello(.init(client: "test", runId: first.runId)))
        var answers = try Self.send(0..<10_000, to: client)
        let early = Self.residentKilobytes(first.process.processIdentifier)
        answers += try Self.send(10_000..<Self.plans, to: client)
        let late = Self.residentKilobytes(first.process.processIdentifier)
        // Each plan was kept (its text twice, and its answer): 58 MB more over these 40,200 plans.
        #expect(late - early < 8_000, "resident memory grew from \(early) kB to \(late) kB over \(Self.plans - 10_000) plans")
        #expect(answers.allSatisfy { $0.reasons.isEmpty && !$0.duplicate })
        // The first plan's answer left the runner's memory long ago: the store still knows its id.
        #expect(try Self.send(0..<1, to: client).first?.duplicate == true)
        first.kill9()
        #expect(try RunStore(database: CruptoDatabase(path: first.database)).plans(run: first.runId).count > Self.plans)

        let second = try RunnerProcess(folder: folder, ["--resume", String(first.runId)])
        let again = try second.connect()
        try again.send(.hello(.init(client: "test", runId: first.runId)))
        let welcome = try again.receive { if case .welcome(let welcome) = $0 { welcome } else { nil } }
        #expect(welcome.status.lastAppliedPlanId == "n\(Self.plans - 1)")
        // Every plan is known after the resume: the last one sent again is a duplicate.
        let resent = try Self.send((Self.plans - 1)..<Self.plans, to: again)
        #expect(resent.first?.duplicate == true)
        #expect(try Self.send(5_000..<5_001, to: again).first?.duplicate == true, "an id only the store holds, after the resume")
        #expect(try Self.send(Self.plans..<(Self.plans + 10), to: again).allSatisfy { $0.reasons.isEmpty && !$0.duplicate })
        try again.send(.control(.init(command: .stop)))
        #expect(second.waitForExit() == 0, "\(second.errors)")
        let stored = try RunStore(database: CruptoDatabase(path: first.database)).plans(run: first.runId)
        #expect(stored.count == Self.plans + 11, "the starting plan and every plan sent, once")
        #expect(second.output.contains("digest "), "\(second.output)")
    }
}
