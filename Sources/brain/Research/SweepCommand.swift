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

    @Option(help: "A candidate file (research_lab/*.yaml).")
    var candidate: String?

    @Option(help: "The strategy to sweep, with fixed parameters if any (ema_cross or ema_cross:fast=10).")
    var strategy: String?

    @Option(help: "A swept parameter: NAME=START:STOP:STEP (both ends included) or NAME=A,B,C; repeat; the first varies slowest.")
    var grid: [String] = []

    @Option(help: "What ranks the combinations: sharpe, sortino, profit_factor, return or calmar (default: the candidate's, else sharpe).")
    var objective: Objective?

    @Option(help: "Threads running combinations (default: the cores).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Run one deterministic slice I/N of the combinations (1 ≤ I ≤ N).")
    var shard: String?

    @Option(help: "Folder of the result folders.")
    var reports = "reports"

    @Flag(help: "Print the table as JSON (one object per combination) instead of the summary.")
    var json = false

    @Argument(parsing: .allUnrecognized, help: "`brain backtest` flags for every combination (not with --candidate).")
    var backtestFlags: [String] = []

    func validate() throws {
        guard (candidate == nil) != (strategy == nil) else { throw ValidationError("give --candidate FILE, or --strategy with --grid") }
        if candidate != nil && (!grid.isEmpty || !backtestFlags.isEmpty) {
            throw ValidationError("--candidate holds the grid and the backtest: drop \(grid.isEmpty ? backtestFlags.joined(separator: " ") : "--grid")")
        }
        guard (1...256).contains(workers) else { throw ValidationError("--workers: expected 1…256, got \(workers)") }
        _ = try shardRange()
    }

    func shardRange() throws -> SweepResult.Shard {
        guard let shard else { return .init(index: 1, count: 1) }
        let parts = shard.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let index = parts[0], let count = parts[1], count >= 1, count <= 10_000, (1...count).contains(index) else {
            throw ValidationError("--shard: expected I/N with 1 ≤ I ≤ N ≤ 10000, got '\(shard)'")
        }
        return .init(index: index, count: count)
    }

    func run() throws {
        let study = try candidate.map(Candidate.load) ?? commandLineCandidate()
        let objective = self.objective ?? study.objective
        let combinations = study.grid.combinations.valid
        guard let first = combinations.first else { throw CLIError("the strategy refuses every combination of this grid") }
        let settings = try study.settings(for: first)
        let command = try BacktestCommand.parse(["--strategy", first.description] + study.backtestFlags)
        let data = try ReplayData(
            instruments: settings.config.instruments, baseTimeframe: settings.config.baseTimeframe, period: settings.period,
            files: try command.source.files(command.paths), fundingFiles: settings.fundingFiles, applyFunding: settings.applyFunding,
            scheduled: settings.scheduled)
        let feed = try data.load()
        guard feed.barCount > 0 else { throw CLIError("no bars of \(command.symbol) in the selected period") }
        let files = try data.paths.map { path in
            let file = try RunFile.fingerprint(path, role: "data")
            return SweepResult.DataFile(path: file.path, sha256: file.sha256)
        }
        let shard = try shardRange()
        let sweep = try Sweep(grid: study.grid, config: settings.config, plan: settings.plan, objective: objective)
        let progress = SweepProgress()
        let started = ContinuousClock.now
        let rows = try sweep.run(feed, workers: workers, shard: (shard.index, shard.count)) { done, total in progress.update(done, of: total) }
        progress.finish()
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        let result = SweepResult(
            definition: .init(id: study.id, grid: study.grid, objective: objective, backtestFlags: study.backtestFlags, data: files, codeVersion: CodeVersion.current),
            shard: shard, rows: rows)
        let folder = try SweepFolder.write(result, reports: reports)
        let bars = Double(feed.barCount) * Double(rows.count)
        FileHandle.standardError.write(Data(String(
            format: "%d combinations × %d bars in %.2f s: %.2f M combination-bars/s on %d workers\n", rows.count, feed.barCount, seconds,
            bars / max(seconds, 1e-9) / 1e6, workers).utf8))
        print(json ? try SweepFolder.tableJSON(result) : "\(folder)\n\n" + SweepSummary.markdown(result))
    }

    /// --strategy, --grid and the backtest flags as a candidate named after the strategy.
    private func commandLineCandidate() throws -> Candidate {
        let base: StrategySpec
        do { base = try StrategySpec(parsing: strategy!) } catch { throw ValidationError("--strategy: \(error.reason)") }
        guard !grid.isEmpty else { throw ValidationError("--grid: give at least one, such as --grid fast=5:50:5") }
        var axes: [(name: String, values: [Double])] = []
        for option in grid {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--grid \(option): expected NAME=START:STOP:STEP or NAME=A,B,C") }
            do {
                let values = parts[1].contains(",")
                    ? try parts[1].split(separator: ",").flatMap { try ParameterGrid.values(parsing: String($0), field: parts[0]) }
                    : try ParameterGrid.values(parsing: parts[1], field: parts[0])
                axes.append((parts[0], values))
            } catch { throw ValidationError("--grid \(error)") }
        }
        let explicit = Set(strategy!.split(separator: ":").dropFirst().first?.split(separator: ",").compactMap { $0.split(separator: "=").first.map(String.init) } ?? [])
        let fixed = base.parameters.filter { explicit.contains($0.key) }
        do {
            let grid = try ParameterGrid(strategy: base.name, axes: axes, fixed: fixed)
            let candidate = Candidate(id: base.name, grid: grid, objective: .sharpe, backtestFlags: backtestFlags)
            _ = try candidate.settings(for: grid.combinations.valid.first ?? base)
            return candidate
        } catch let error as ResearchError {
            throw ValidationError("--grid \(error)")
        }
    }
}

extension Objective: ExpressibleByArgument {}
