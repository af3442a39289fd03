import Foundation
import ProdCore
import Testing

/// A lockstep runner driven over its socket gives the digest of `brain backtest` with the same
/// plans, and a runner killed at any point and restarted ends with that digest too.
@Suite(.serialized) struct RunnerLockstepTests {
    static let period = ["--from", "2023-03-01", "--to", "2023-03-08"]
    static let runnerFlags = ["--lockstep", "--decision-interval", "1h", "--lockstep-timeout", "60", "--heartbeat-timeout", "60"] + period

    /// The uninterrupted run: its digest, fills, the plans file the scripted brain wrote, and the run itself.
    static let reference: (digest: String, fills: [Int: Fill], plans: String, database: String, runId: Int64) = {
        let folder = try! BrainProcess.temporaryFolder()
        let runner = try! RunnerProcess(folder: folder, runnerFlags)
        var brain = ScriptedBrain(script: RunnerScripts.alternating)
        let finished = try! brain.drive(try! runner.connect(), runId: runner.runId)
        precondition(finished && runner.waitForExit() == 0, runner.errors)
        try! brain.writePlans(to: folder + "/plans.jsonl")
        return (runner.digest!, brain.fills, folder + "/plans.jsonl", runner.database, runner.runId)
    }()

    @Test func lockstepRunMatchesABacktestOfTheSamePlans() throws {
        let reference = Self.reference
        #expect(!reference.fills.isEmpty)
        let plans = try String(contentsOfFile: reference.plans, encoding: .utf8).split(separator: "\n")
        #expect(plans.count >= 10)
        // The runner warms up on configs/runner.yaml's warm_up_days before --from; so does the backtest.
        let backtest = try BrainProcess.run(["backtest", "--plans", reference.plans, "--json", "--warm-up-days", "10"] + Self.period)
        #expect(backtest.status == 0, "\(backtest.errors)")
        let json = try JSONSerialization.jsonObject(with: Data(backtest.output.utf8)) as! [String: Any]
        #expect(json["digest"] as? String == reference.digest)
    }

    @Test func runnerKilledAtRandomPointsResumesToTheSameDigest() throws {
        let reference = Self.reference
        var generator = SeededGenerator(seed: 20_261_122)
        for attempt in 0..<20 {
            let folder = try BrainProcess.temporaryFolder()
            var brain = ScriptedBrain(script: RunnerScripts.alternating)
            let first = try RunnerProcess(folder: folder, Self.runnerFlags)
            let killAfter = Int.random(in: 1...160, using: &generator)
            let client = try first.connect()
            let finishedEarly = try brain.drive(client, runId: first.runId, limit: killAfter)
            #expect(!finishedEarly)
            // Right after the answer went out: the runner may be applying it, committing, or idle.
            first.kill9()
            if attempt == 0 {
                let listed = try RecordedRunCommandTests.runs(first.database).first { ($0["id"] as? Int).map(Int64.init) == first.runId }
                #expect(listed?["state"] as? String == "interrupted", "\(String(describing: listed))")
            }
            // The last plan the first runner acknowledged is sent again: the second one knows it.
            let acknowledged = brain.answers.last { $0.reasons.isEmpty }?.planId
            brain.resendAfterWelcome = acknowledged.flatMap { brain.sent[$0] }
            let answersBefore = brain.answers.count
            let second = try RunnerProcess(folder: folder, ["--resume", String(first.runId)])
            #expect(second.runId == first.runId)
            #expect(try brain.drive(second.connect(), runId: second.runId), "attempt \(attempt)")
            if let acknowledged {
                #expect(brain.welcomes.last?.status.lastAppliedPlanId == acknowledged, "attempt \(attempt)")
                let again = brain.answers[answersBefore...].first { $0.planId == acknowledged }
                #expect(again?.duplicate == true && again?.reasons == [], "attempt \(attempt): plan \(acknowledged) applied twice")
            }
            #expect(second.waitForExit() == 0, "\(second.errors)")
            #expect(second.digest == reference.digest, "attempt \(attempt), killed after \(killAfter) decisions")
            #expect(brain.duplicateFills == 0, "attempt \(attempt)")
            #expect(brain.fills == reference.fills, "attempt \(attempt): fills lost or changed")
            let stored = try RunStore(database: CruptoDatabase(path: first.database)).fills(run: first.runId)
            #expect(stored == (0..<reference.fills.count).map { reference.fills[$0]! }, "attempt \(attempt)")
            let comparison = try StoredRunComparison.compare(reference.database, reference.runId, first.database, first.runId)
            #expect(comparison.equal, "attempt \(attempt), killed after \(killAfter) decisions: \(comparison.output)")
        }
    }

    /// Snapshots every 1,000 inputs, so most kills resume from one past the start: the inputs
    /// it covers include journaled plans, which the feed never delivered (a resume once took a bar
    /// for each, ran 41 hours of market ahead and stored another run under the same id).
    @Test func runnerKilledAfterASnapshotResumesToTheUndisturbedRun() throws {
        let flags = Self.runnerFlags + ["--batch-size", "500", "--snapshot-every", "2"]
        let reference = try BrainProcess.temporaryFolder()
        let undisturbed = try RunnerProcess(folder: reference, flags)
        var referenceBrain = ScriptedBrain(script: RunnerScripts.alternating)
        #expect(try referenceBrain.drive(undisturbed.connect(), runId: undisturbed.runId))
        #expect(undisturbed.waitForExit() == 0, "\(undisturbed.errors)")
        var generator = SeededGenerator(seed: 20_261_130)
        for attempt in 0..<5 {
            let folder = try BrainProcess.temporaryFolder()
            var brain = ScriptedBrain(script: RunnerScripts.alternating)
            let first = try RunnerProcess(folder: folder, flags)
            let killAfter = Int.random(in: 40...160, using: &generator)
            #expect(try !brain.drive(first.connect(), runId: first.runId, limit: killAfter))
            first.kill9()
            let second = try RunnerProcess(folder: folder, ["--resume", String(first.runId)])
            #expect(try brain.drive(second.connect(), runId: second.runId), "attempt \(attempt)")
            #expect(second.waitForExit() == 0, "\(second.errors)")
            #expect(second.errors.contains("(snapshot at ") && !second.errors.contains("(snapshot at 0)"), "attempt \(attempt): \(second.errors)")
            #expect(second.digest == undisturbed.digest, "attempt \(attempt), killed after \(killAfter) decisions")
            let comparison = try StoredRunComparison.compare(undisturbed.database, undisturbed.runId, first.database, first.runId)
            #expect(comparison.equal, "attempt \(attempt), killed after \(killAfter) decisions: \(comparison.output)")
        }
    }
}
