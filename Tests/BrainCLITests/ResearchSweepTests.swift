import Foundation
import ProdCore
import Testing

/// `brain research sweep` and `merge` from outside: a sweep cut into shards and merged is the
/// unsharded sweep byte for byte, whatever the workers; its best row is the run `brain backtest`
/// makes of it; the shipped candidates run; a bad candidate file is named by file, line and field.
@Suite(.serialized) struct ResearchSweepTests {
    static let grid = ["--strategy", "ema_cross", "--grid", "fast=5:50:15", "--grid", "slow=20:200:60"]
    static let flags = ["--fill", "close", "--fee-bps", "10", "--from", "2023-02-01", "--to", "2023-02-28"]

    static func sweep(_ extra: [String], reports: String) throws -> String {
        let run = try BrainProcess.run(["research", "sweep", "--reports", reports] + extra)
        #expect(run.status == 0, "\(extra): \(run.errors)")
        return String(run.output.split(separator: "\n").first ?? "")
    }

    static func files(_ folder: String) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0))) })
    }

    @Test func mergedShardsAreTheUnshardedSweepByteForByte() throws {
        let work = try BrainProcess.temporaryFolder()
        let one = try Self.sweep(Self.grid + ["--workers", "1"] + Self.flags, reports: work + "/one")
        let two = try Self.sweep(Self.grid + ["--workers", "2"] + Self.flags, reports: work + "/two")
        let shards = try (1...3).map { try Self.sweep(Self.grid + ["--shard", "\($0)/3"] + Self.flags, reports: work + "/shards") }
        let merge = try BrainProcess.run(["research", "merge", "--reports", work + "/merged"] + shards)
        #expect(merge.status == 0, "\(merge.errors)")
        let merged = merge.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let expected = try Self.files(one)
        #expect(Set(expected.keys) == ["sweep.parquet", "sweep.csv", "summary.md", "heatmap.svg", "sweep.json"])
        #expect(try Self.files(two) == expected, "2 workers write what 1 writes")
        #expect(try Self.files(merged) == expected, "the merged shards are the unsharded sweep")
        #expect(try Self.files(shards[0]) != expected, "a shard alone is not")

        let other = try Self.sweep(Self.grid + ["--shard", "2/3", "--fee-bps", "5"] + Self.flags.dropLast(6), reports: work + "/other")
        for (folders, message) in [
            (Array(shards.prefix(2)), "each of 1…3 is needed exactly once"), ([shards[0], shards[0], shards[2]], "each of 1…3 is needed exactly once"),
            ([shards[0], other, shards[2]], "is of another sweep"), ([work + "/nowhere"], "not a sweep's result"),
        ] {
            let refused = try BrainProcess.run(["research", "merge", "--reports", work + "/bad"] + folders)
            #expect(refused.status != 0 && refused.errors.contains(message), "\(refused.errors)")
        }
        #expect(!FileManager.default.fileExists(atPath: work + "/bad"), "a refused merge writes nothing")
    }

    @Test func theBestRowIsTheRunBrainBacktestMakesOfIt() throws {
        let work = try BrainProcess.temporaryFolder()
        let run = try BrainProcess.run(["research", "sweep", "--json", "--reports", work] + Self.grid + Self.flags)
        #expect(run.status == 0, "\(run.errors)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        #expect(rows.count == 13, "16 pairs, 3 refused (fast ≥ slow)")
        for row in rows.prefix(4) {
            let spec = "ema_cross:fast=\(Int(row["fast"] as! Double)),slow=\(Int(row["slow"] as! Double))"
            let backtest = try BrainProcess.run(["backtest", "--strategy", spec, "--no-record", "--json"] + Self.flags)
            let printed = try #require(try JSONSerialization.jsonObject(with: Data(backtest.output.utf8)) as? [String: Any])
            #expect(printed["digest"] as? String == row["digest"] as? String, "\(spec)")
            #expect(printed["final_equity"] as? String == row["final_equity"] as? String, "\(spec)")
            #expect(printed["trades"] as? Int == row["trades"] as? Int, "\(spec)")
        }
    }

    @Test func theShippedCandidatesRunOnTheSample() throws {
        let work = try BrainProcess.temporaryFolder()
        for candidate in try FileManager.default.contentsOfDirectory(atPath: BrainProcess.repoRoot + "/research_lab").filter({ $0.hasSuffix(".yaml") }) {
            let folder = try Self.sweep(["--candidate", "research_lab/" + candidate], reports: work)
            let summary = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
            #expect(summary.contains("The best combination alone: `brain backtest --strategy"), "\(candidate)")
        }
    }

    static let valid = """
        id: test_candidate
        strategy: ema_cross
        grid:
          fast: "5:20:5"
          slow: [30, 60]
        symbols: [BTCUSDT]
        fee_bps: 10
        from: 2023-02-01
        to: 2023-02-05
        objective: sharpe
        """

    @Test(arguments: [
        ("strategy: ema_cross", "strategy: ema_crossing", ":2:", "strategy"),
        ("  fast: \"5:20:5\"", "  fast: \"5:20\"", ":4:", "grid.fast"),
        ("  fast: \"5:20:5\"", "  fats: \"5:20:5\"", ":4:", "grid"),
        ("  slow: [30, 60]", "  slow: [30, 6000]", ":5:", "grid.slow"),
        ("fee_bps: 10", "fee_bps: -10", ":7:", "fee_bps"),
        ("fee_bps: 10", "fees_bps: 10", ":7:", "fees_bps"),
        ("objective: sharpe", "objective: luck", ":10:", "objective"),
        ("id: test_candidate", "id: ../escape", ":1:", "id"),
        ("from: 2023-02-01", "from: 2023-02-31", ":8:", "from"),
    ])
    func aBadCandidateIsNamedByFileLineAndField(original: String, replacement: String, line: String, field: String) throws {
        let folder = try BrainProcess.temporaryFolder()
        let path = folder + "/candidate.yaml"
        try Self.valid.replacingOccurrences(of: original, with: replacement).write(toFile: path, atomically: true, encoding: .utf8)
        let run = try BrainProcess.run(["research", "sweep", "--candidate", path, "--reports", folder + "/out"])
        #expect(run.status == 1, "\(run.errors)")
        #expect(run.errors.contains(path + line) && run.errors.contains(field), "\(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
    }

    /// Random damage to a good candidate: each run ends with a result or an error naming the file,
    /// never a crash.
    @Test func damagedCandidatesNeverCrash() throws {
        let folder = try BrainProcess.temporaryFolder()
        var generator = SeededGenerator(seed: 18)
        let alphabet = Array(": -[]{}\"',#\n\t0123456789.eE_abcxyz*&!|>")
        for round in 0..<60 {
            var text = Array(Self.valid)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let at = Int.random(in: 0..<text.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: text.remove(at: at)
                case 1: text.insert(alphabet.randomElement(using: &generator)!, at: at)
                default: text[at] = alphabet.randomElement(using: &generator)!
                }
            }
            let path = folder + "/fuzz-\(round).yaml"
            try String(text).write(toFile: path, atomically: true, encoding: .utf8)
            let run = try BrainProcess.run(["research", "sweep", "--candidate", path, "--reports", folder + "/out", "--workers", "1"])
            #expect(run.status == 0 || (run.status == 1 && run.errors.contains(path)), "round \(round): exit \(run.status): \(run.errors)\n\(String(text))")
        }
    }
}
