import Foundation
import Testing

/// `brain research montecarlo` on a recorded run and on a walk-forward: the same seed writes the
/// same numbers, another seed others; a bad source or flag is named.
struct MonteCarloCommandTests {
    @Test func aRunAndAWalkForwardResampleTheSameForTheSameSeed() throws {
        let work = try BrainProcess.temporaryFolder()
        let database = ["--db", work + "/crupto.db"]
        let backtest = try BrainProcess.run(["backtest", "--strategy", "range_rev_5m", "--sizing", "risk:1", "--stop-loss-pct", "2", "--reports", work + "/reports"] + database)
        #expect(backtest.status == 0, "\(backtest.errors)")
        func study(_ source: String, seed: String) throws -> Data {
            let run = try BrainProcess.run(["research", "montecarlo", source, "--samples", "2000", "--seed", seed, "--reports", work + "/mc"] + database)
            #expect(run.status == 0, "\(run.errors)")
            let folder = String(run.output.split(separator: "\n").first ?? "")
            #expect(FileManager.default.fileExists(atPath: folder + "/histogram.svg") && FileManager.default.fileExists(atPath: folder + "/summary.md"))
            return try Data(contentsOf: URL(fileURLWithPath: folder + "/montecarlo.json"))
        }
        let first = try study("1", seed: "7")
        #expect(try study("1", seed: "7") == first)
        #expect(try study("1", seed: "8") != first)
        let object = try #require(try JSONSerialization.jsonObject(with: first) as? [String: Any])
        #expect(object["trades"] as? Int ?? 0 > 0 && object["days"] as? Int == 59, "\(object)")

        let walk = try BrainProcess.run(["research", "walkforward", "--strategy", "ema_cross", "--grid", "fast=5:20:5", "--timeframe", "1h",
                                         "--train", "10d", "--test", "5d", "--reports", work + "/wf"])
        #expect(walk.status == 0, "\(walk.errors)")
        let folder = String(walk.output.split(separator: "\n").first ?? "")
        #expect(try study(folder, seed: "7") == study(folder, seed: "7"))

        for (arguments, message) in [(["nowhere"], "neither a run id nor a walk-forward folder"), (["1", "--block", "0d"], "--block"),
                                     (["1", "--samples", "0"], "--samples"), (["9"], "no run 9")] {
            let bad = try BrainProcess.run(["research", "montecarlo"] + arguments + database + ["--reports", work + "/bad"])
            #expect(bad.status != 0 && bad.errors.contains(message), "\(arguments): \(bad.errors)")
        }
    }
}
