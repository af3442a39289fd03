import AgentTools
import ArgumentParser
import Foundation
import ProdCore

/// What a research command studies: a candidate file, or a strategy, its grid and `brain
/// backtest` flags on the command line; loaded with its data once.
struct CandidateOptions: ParsableArguments {
    @Option(help: "A candidate file (research_lab/*.yaml).")
    var candidate: String?

    @Option(help: "The strategy to study, with fixed parameters if any (ema_cross or ema_cross:fast=10).")
    var strategy: String?

    @Option(help: "A swept parameter: NAME=START:STOP:STEP (both ends included) or NAME=A,B,C; repeat; the first varies slowest.")
    var grid: [String] = []

    @Option(help: "What ranks the combinations: sharpe, sortino, profit_factor, return or calmar (default: the candidate's, else sharpe).")
    var objective: Objective?

    @Option(help: "Threads running combinations (default: the cores).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Folder of the result folders.")
    var reports = "reports"

    @Argument(parsing: .allUnrecognized, help: "`brain backtest` flags for every combination (not with --candidate).")
    var backtestFlags: [String] = []

    func validate() throws {
        guard (candidate == nil) != (strategy == nil) else { throw ValidationError("give --candidate FILE, or --strategy with --grid") }
        if candidate != nil && (!grid.isEmpty || !backtestFlags.isEmpty) {
            throw ValidationError("--candidate holds the grid and the backtest: drop \(grid.isEmpty ? backtestFlags.joined(separator: " ") : "--grid")")
        }
        guard (1...256).contains(workers) else { throw ValidationError("--workers: expected 1…256, got \(workers)") }
    }

    /// The candidate, its first combination's backtest settings, its bars and the files read.
    struct Study {
        let candidate: Candidate
        let objective: Objective
        let settings: BacktestSettings
        let feed: HistoricalFeed
        let files: [SweepResult.DataFile]
        /// What the study is, once: it asks git for the code version and enumerates the grid.
        let definition: SweepResult.Definition

        var sweep: Sweep {
            get throws { try Sweep(grid: candidate.grid, config: settings.config, plan: settings.plan, objective: objective) }
        }

        /// The traded period: from the first bar the backtest trades (after its warm-up) to the last bar's close.
        var period: Range<Int64> {
            let times = feed.bars.flatMap { [$0.first?.openTime, $0.last?.openTime] }.compactMap { $0 }
            return max(times.min()!, settings.config.tradingStart)..<(times.max()! + settings.config.baseTimeframe.milliseconds)
        }

    }

    func load() throws -> Study {
        let candidate = try self.candidate.map(Candidate.load) ?? commandLineCandidate()
        guard let first = candidate.grid.combinations.valid.first else { throw CLIError("the strategy refuses every combination of this grid") }
        let (settings, feed, files) = try Self.backtest(["--strategy", first.description] + candidate.backtestFlags)
        let objective = self.objective ?? candidate.objective
        return Study(
            candidate: candidate, objective: objective, settings: settings, feed: feed, files: files,
            definition: .init(
                id: candidate.id, grid: candidate.grid, objective: objective, backtestFlags: candidate.backtestFlags, data: files,
                codeVersion: CodeVersion.current))
    }

    /// The settings, bars and data files of `brain backtest` with these flags.
    static func backtest(_ flags: [String]) throws -> (BacktestSettings, HistoricalFeed, [SweepResult.DataFile]) {
        let command = try BacktestCommand.parse(flags)
        let settings = try BacktestSettings(command: command)
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
        return (settings, feed, files)
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
