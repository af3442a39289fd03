import Foundation
import Testing

/// `brain research walkforward` on the bundled sample: each fold's parameters are the ones a
/// sweep of its training window alone picks (the choice never sees a test bar), and a fold's
/// result does not change when every bar after its test window is taken away (nothing later is
/// read either).
@Suite(.serialized) struct WalkForwardTests {
    static let study = ["--strategy", "ema_cross", "--grid", "fast=5:20:5", "--grid", "slow=30,60,90", "--timeframe", "1h", "--fee-bps", "10",
                        "--from", "2023-02-01"]

    static func walk(_ extra: [String], reports: String) throws -> [[String: Any]] {
        let run = try BrainProcess.run(["research", "walkforward", "--train", "10d", "--test", "5d", "--reports", reports] + study + extra)
        #expect(run.status == 0, "\(run.errors)")
        let folder = String(run.output.split(separator: "\n").first ?? "")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/walkforward.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for name in ["folds.csv", "folds.parquet", "summary.md", "equity.svg"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + name), "\(name)")
        }
        return object["folds"] as? [[String: Any]] ?? []
    }

    static func day(_ milliseconds: Any?) -> String {
        String(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double((milliseconds as! NSNumber).int64Value) / 1000)).prefix(10))
    }

    @Test func eachFoldChoosesOnItsTrainingWindowAloneAndReadsNothingAfterItsTest() throws {
        let work = try BrainProcess.temporaryFolder()
        let folds = try Self.walk([], reports: work + "/all")
        #expect(folds.count == 9, "training to Feb 11, 16, …, Mar 23: the last test window ends by March 31")
        for fold in folds.prefix(3) {
            let (start, end) = (Self.day(fold["trainStart"]), Self.day((fold["trainEnd"] as! NSNumber).int64Value - 86_400_000))
            let args = ["research", "sweep", "--json", "--reports", work + "/sweeps"] + Self.study.dropLast(2) + ["--from", start, "--to", end, "--warm-up-days", "10"]
            let sweep = try BrainProcess.run(args)
            #expect(sweep.status == 0, "\(sweep.errors)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(sweep.output.utf8)) as? [[String: Any]])
            let best = rows.max { ($0["objective"] as? Double ?? -.infinity, -($0["combination"] as! Int)) < ($1["objective"] as? Double ?? -.infinity, -($1["combination"] as! Int)) }!
            let inSample = fold["inSample"] as! [String: Any]
            #expect(fold["parameters"] as? [Double] == [best["fast"] as! Double, best["slow"] as! Double], "fold \(fold["index"]!): \(start) … \(end)")
            #expect(inSample["digest"] as? String == best["digest"] as? String, "the fold's in-sample run is the training window's own")
        }
        let february = try Self.walk(["--to", "2023-02-28"], reports: work + "/february")
        #expect(february.count == 3)
        for (short, long) in zip(february, folds) {
            #expect(short["parameters"] as? [Double] == long["parameters"] as? [Double])
            #expect((short["outOfSample"] as? [String: Any])?["digest"] as? String == (long["outOfSample"] as? [String: Any])?["digest"] as? String)
        }
    }

    /// The parameters that do best in the test window (March) are not the ones the walk-forward
    /// trades there: it trades what February, its training window, picked — a look-ahead would
    /// have picked March's winner.
    @Test func theTestWindowsOwnWinnerIsNotChosen() throws {
        let work = try BrainProcess.temporaryFolder()
        func best(_ from: String, _ to: String) throws -> (parameters: [Double], objective: Double) {
            let sweep = try BrainProcess.run(
                ["research", "sweep", "--json", "--reports", work + "/sweeps"] + Self.study.dropLast(2) + ["--from", from, "--to", to, "--warm-up-days", "10"])
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(sweep.output.utf8)) as? [[String: Any]], "\(sweep.errors)")
            let winner = rows.filter { $0["objective"] is Double }.max {
                ($0["objective"] as! Double, -($0["combination"] as! Int)) < ($1["objective"] as! Double, -($1["combination"] as! Int))
            }!
            return ([winner["fast"] as! Double, winner["slow"] as! Double], winner["objective"] as! Double)
        }
        let february = try best("2023-02-01", "2023-02-28")
        let march = try best("2023-03-01", "2023-03-31")
        try #require(february.parameters != march.parameters, "the test needs March's winner to differ from February's")
        let run = try BrainProcess.run(["research", "walkforward", "--train", "28d", "--test", "31d", "--reports", work + "/wf"] + Self.study)
        let folder = String(run.output.split(separator: "\n").first ?? "")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/walkforward.json"))) as? [String: Any]
        let folds = try #require(object?["folds"] as? [[String: Any]], "\(run.errors)")
        #expect(folds.count == 1)
        #expect(folds[0]["parameters"] as? [Double] == february.parameters, "trained on February, it trades February's pick")
        #expect(folds[0]["parameters"] as? [Double] != march.parameters, "not March's own winner \(march.parameters)")
        let outOfSample = (folds[0]["outOfSample"] as? [String: Any])?["objective"] as? Double ?? -.infinity
        #expect(outOfSample < march.objective, "in March it does worse than March's winner did there")
    }

    @Test(arguments: [(["--train", "10x"], "--train: expected a number of days or hours"), (["--test", "0d"], "--test: expected"),
                      (["--train", "100d"], "no fold fits")])
    func badWindowsAreNamed(flags: [String], message: String) throws {
        let work = try BrainProcess.temporaryFolder()
        let run = try BrainProcess.run(["research", "walkforward", "--train", "10d", "--test", "5d", "--reports", work] + Self.study + flags)
        #expect(run.status != 0 && run.errors.contains(message), "\(run.errors)")
    }
}
