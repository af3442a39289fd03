import AgentTools
import ArgumentParser
import Foundation
import ProdCore

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run every parameter combination of a candidate on the same bars, ranked by an objective.",
        discussion: """
            A candidate file (research_lab/*.yaml), or --strategy with --grid NAME=START:STOP:STEP (or NAME=A,B,C) and any \
            `brain backtest` flags (data, window, fill, fees, sizing, exits, cash). The bars are loaded once and shared by \
            --workers threads; each combination runs the engine of `brain backtest`, so the best row's digest is the digest \
            `brain backtest` prints for it. Writes reports/research_<stamp>_<id>/: sweep.parquet and sweep.csv (a row per \
            combination), summary.md (the best ones), heatmap.svg, sweep.json (everything, for merge). --shard I/N runs the \
            combinations with index mod N = I − 1; `brain research merge` joins the shards into the unsharded result.
            """)

    @OptionGroup var study: CandidateOptions

    @Option(help: "Run one deterministic slice I/N of the combinations (1 ≤ I ≤ N).")
    var shard: String?

    @Flag(help: "Print the table as JSON (one object per combination) instead of the summary.")
    var json = false

    func validate() throws { _ = try shardRange() }

    func shardRange() throws -> SweepResult.Shard {
        guard let shard else { return .init(index: 1, count: 1) }
        let parts = shard.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let index = parts[0], let count = parts[1], count >= 1, count <= 10_000, (1...count).contains(index) else {
            throw ValidationError("--shard: expected I/N with 1 ≤ I ≤ N ≤ 10000, got '\(shard)'")
        }
        return .init(index: index, count: count)
    }

    func run() throws {
        let loaded = try study.load()
        let shard = try shardRange()
        let progress = SweepProgress()
        let started = ContinuousClock.now
        let rows = try loaded.sweep.run(loaded.feed, workers: study.workers, shard: (shard.index, shard.count)) { done, total in
            progress.update(done, of: total)
        }
        progress.finish()
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        let result = SweepResult(definition: loaded.definition, shard: shard, rows: rows)
        let folder = try SweepFolder.write(result, reports: study.reports)
        let bars = Double(loaded.feed.barCount) * Double(rows.count)
        FileHandle.standardError.write(Data(String(
            format: "%d combinations × %d bars in %.2f s: %.2f M combination-bars/s on %d workers\n", rows.count, loaded.feed.barCount, seconds,
            bars / max(seconds, 1e-9) / 1e6, study.workers).utf8))
        print(json ? try SweepFolder.tableJSON(result) : "\(folder)\n\n" + SweepSummary.markdown(result))
    }
}
