import AgentTools
import ArgumentParser
import Foundation
import ProdCore

struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Sweep, walk-forward and Monte Carlo of a candidate, then the gate's checks: PASS (exit 0) or FAIL (exit 1).",
        discussion: """
            Checks, thresholds in configs/research.yaml: the best combination's profit factor over the whole window and its \
            trades; the walk-forward's out-of-sample profit factor; its out-of-sample max drawdown against the average of \
            the registry's paper-stage strategies (configs/strategies.yaml) over the same window, and the correlation of \
            its daily returns with theirs; the deflated Sharpe ratio and the probability of backtest overfitting (reported; \
            blocking when configured). Writes reports/gate_<stamp>_<id>/: summary.md, gate.json, equity.svg (out of \
            sample), heatmap.svg (the sweep).
            """)

    @Argument(help: "The candidate file (research_lab/*.yaml).")
    var candidate: String

    @Option(help: "The gate's settings.")
    var config = "configs/research.yaml"

    @OptionGroup var limitFiles: RiskLimitFiles

    @Option(help: "Threads running combinations (default: the cores).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Folder of the result folders.")
    var reports = "reports"

    func run() throws {
        let settings = try GateSettings.load(from: config)
        let registry = try StrategyRegistry.load(from: settings.registry)
        let loaded = try CandidateOptions.parse(["--candidate", candidate, "--workers", String(workers)]).load()
        let gate = settings.gate

        // In sample: every combination over the whole window.
        let all = try loaded.sweep.runWithDailyReturns(loaded.feed, workers: workers)
        let best = SweepRow.ranked(all.map(\.row))[0]
        let bestDaily = all.first { $0.row.index == best.index }!.daily
        let deflated = Overfitting.deflatedSharpe(chosen: bestDaily.returns, trialSharpes: all.compactMap(\.daily.sharpe))
        let overfitting = Overfitting.probabilityOfBacktestOverfitting(all.map(\.daily.returns), blocks: gate.pbo_blocks_of_days)

        // Out of sample: the walk-forward.
        let windows = try WalkForward.Windows(
            train: WalkForwardCommand.duration(settings.walkforward.train, "walkforward.train"),
            test: WalkForwardCommand.duration(settings.walkforward.test, "walkforward.test"),
            embargo: WalkForwardCommand.duration(settings.walkforward.embargo, "walkforward.embargo", zero: true),
            warmUp: WalkForwardCommand.duration(settings.walkforward.warm_up, "walkforward.warm_up", zero: true))
        let folds: [WalkForwardFold]
        do {
            folds = try WalkForward(sweep: try loaded.sweep, windows: windows).run(loaded.feed, period: loaded.period, workers: workers)
        } catch let error as ResearchError { throw CLIError("\(error) (walkforward in \(config))") }
        let walk = WalkForwardResult(definition: loaded.definition, windows: windows, folds: folds, initialCash: loaded.settings.config.initialCash)
        let cash = loaded.settings.config.initialCash.doubleValue
        let outOfSamplePnL = folds.flatMap(\.tradePnL).map { Double($0) / 1e8 }
        let losses = -outOfSamplePnL.filter { $0 <= 0 }.reduce(0, +)
        let outOfSamplePF = losses > 0 ? outOfSamplePnL.filter { $0 > 0 }.reduce(0, +) / losses : nil
        let stitched = walk.stitchedEquity
        let outOfSampleDrawdown = stitched.drawdowns.max() ?? 0
        let outOfSampleDaily = DailyReturns(stitched, initialCash: cash)

        // The portfolio: the registry's paper stage over the same window.
        let (portfolio, notes) = try Self.portfolio(registry.paper, flags: loaded.candidate.backtestFlags)
        let averageDrawdown = portfolio.isEmpty ? nil : portfolio.map(\.drawdown).reduce(0, +) / Double(portfolio.count)
        let portfolioDaily = Self.weighted(portfolio.map { ($0.daily, $0.weight) })

        let limits = try limitFiles.limits()
        let monteCarlo = MonteCarlo(
            tradePnL: outOfSamplePnL, equity: stitched, initialCash: cash, haltDrawdown: limits.haltDrawdown, dailyLossLimit: limits.dailyLossLimit
        ).run(samples: settings.montecarlo.samples, seed: settings.montecarlo.seed, blockDays: 1)

        let checks: [GateReport.Check] = [
            .init("profit factor in sample", best.profitFactor, atLeast: gate.profit_factor_in_sample),
            .init("profit factor out of sample", outOfSamplePF, atLeast: gate.profit_factor_out_of_sample),
            .init("max drawdown out of sample / portfolio average", averageDrawdown.flatMap { $0 > 0 ? outOfSampleDrawdown / $0 : nil }, atMost: gate.max_drawdown_vs_portfolio),
            .init("correlation of daily returns with the portfolio", portfolioDaily.flatMap { outOfSampleDaily.correlation(with: $0) }, atMost: gate.correlation_with_portfolio),
            .init("trades in sample (after fees and slippage)", Double(best.trades), atLeast: Double(gate.min_trades)),
            .init("deflated Sharpe ratio", deflated, atLeast: gate.deflated_sharpe_min, blocking: gate.deflated_sharpe_blocks),
            .init("probability of backtest overfitting", overfitting, atMost: gate.pbo_max, blocking: gate.pbo_blocks),
        ]
        let report = GateReport(
            candidate: candidate, candidateSHA256: try RunFile.fingerprint(candidate, role: "candidate").sha256, definition: loaded.definition,
            chosen: best.parameters, checks: checks, portfolioNotes: notes, monteCarlo: monteCarlo)
        let sweep = SweepResult(definition: loaded.definition, shard: .init(index: 1, count: 1), rows: all.map(\.row))
        let folder = try ResearchFolder.write(kind: "gate", id: loaded.candidate.id, files: [
            ("summary.md", Data(report.markdown.utf8)), ("gate.json", try ResearchFolder.json(report)),
            ("equity.svg", Data(walk.equitySVG.utf8)), ("heatmap.svg", Data(SweepHeatMap.svg(sweep).utf8)),
        ] + Self.exports(folds: folds, stitched: stitched, cash: loaded.settings.config.initialCash, portfolio: portfolio, portfolioDaily: portfolioDaily),
            reports: reports)
        print("\(folder)\n\n" + report.markdown)
        if !report.passed { throw ExitCode(1) }
    }

    /// What the out-of-sample and portfolio checks were computed from, as CSV, so that
    /// scripts/research/check_gate.py recomputes them without this code.
    static func exports(
        folds: [WalkForwardFold], stitched: [EquityPoint], cash: Money, portfolio: [Member], portfolioDaily: DailyReturns?
    ) -> [(String, Data)] {
        let trades = ["pnl"] + folds.flatMap(\.tradePnL).map { "\(Money(raw: $0))" }
        let equity = ["time,equity,initial_cash"] + stitched.map { "\($0.time),\($0.equity),\(cash)" }
        let members = ["id,weight,max_drawdown"] + portfolio.map { "\($0.id),\($0.weight),\($0.drawdown)" }
        let daily = ["day,return"] + zip(portfolioDaily?.days ?? [], portfolioDaily?.returns ?? []).map { "\($0),\($1)" }
        return [("oos_trades.csv", trades), ("oos_equity.csv", equity), ("portfolio.csv", members), ("portfolio_daily.csv", daily)]
            .map { ($0.0, Data(($0.1.joined(separator: "\n") + "\n").utf8)) }
    }

    struct Member {
        let id: String
        let daily: DailyReturns
        let drawdown: Double
        let weight: Double
    }

    /// Each paper-stage strategy run on the candidate's backtest (its own strategy, timeframe and
    /// market); one that cannot run there is left out with the reason.
    static func portfolio(_ entries: [StrategyRegistry.Entry], flags: [String]) throws -> ([Member], [String]) {
        var members: [Member] = []
        var notes: [String] = []
        let shared = flags.filter { !$0.hasPrefix("--timeframe=") && !$0.hasPrefix("--market=") }
        for entry in entries {
            let own = (entry.timeframe.map { ["--timeframe=\($0)"] } ?? []) + (entry.market.map { ["--market=\($0)"] } ?? [])
            do {
                let (settings, feed, _) = try CandidateOptions.backtest(["--strategy", entry.strategy] + own + shared)
                var engine = try TradingEngine(config: settings.config, plan: settings.plan)
                let (result, equity) = feed.runKeepingEquity(&engine)
                members.append(Member(
                    id: entry.id, daily: DailyReturns(equity, initialCash: settings.config.initialCash.doubleValue), drawdown: result.figures.maxDrawdown,
                    weight: entry.risk_weight))
            } catch {
                notes.append("\(entry.id) left out (\(BacktestCommand.message(for: error)))")
            }
        }
        return (members, notes)
    }

    /// The members' daily returns averaged by weight, day by day (a member without a day counts 0).
    static func weighted(_ members: [(daily: DailyReturns, weight: Double)]) -> DailyReturns? {
        guard !members.isEmpty else { return nil }
        let total = members.map(\.weight).reduce(0, +)
        var sums: [Int64: Double] = [:]
        for (daily, weight) in members {
            for (day, value) in zip(daily.days, daily.returns) { sums[day, default: 0] += value * weight / total }
        }
        let days = sums.keys.sorted()
        return DailyReturns(days: days, returns: days.map { sums[$0]! })
    }
}
