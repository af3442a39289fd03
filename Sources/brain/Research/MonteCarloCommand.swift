import AgentTools
import ArgumentParser
import Foundation
import ProdCore

struct MonteCarloCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "montecarlo",
        abstract: "Resample a run's or a walk-forward's trades and days: how lucky was it?",
        discussion: """
            SOURCE is a run id (brain report list) or a walk-forward folder (reports/walkforward_…; its stitched \
            out-of-sample curve and trades). Trades reshuffled and drawn with replacement, days drawn in blocks of --block: \
            percentiles of final return, max drawdown, profit factor and the worst day, and the probabilities that the max \
            drawdown reaches the Monitor's halt level (configs/brain.yaml) and that a day loses more than the governor's \
            daily limit (configs/governance.yaml). The same --seed gives the same numbers. Writes \
            reports/montecarlo_<stamp>_<source>/: summary.md, montecarlo.json, histogram.svg.
            """)

    @Argument(help: "A run id, or a walk-forward result folder.")
    var source: String

    @Option(help: "Resamples of each kind (1…1000000).")
    var samples = 10_000

    @Option(help: "Seed of the resampling.")
    var seed: UInt64 = 1

    @Option(help: "Days drawn together (a block bootstrap keeps their order inside a block), such as 1d or 5d.")
    var block = "1d"

    @Option(help: "The database of a run SOURCE.")
    var db = "storage/crupto.db"

    @OptionGroup var limitFiles: RiskLimitFiles

    @Option(help: "Folder of the result folders.")
    var reports = "reports"

    func validate() throws {
        guard (1...1_000_000).contains(samples) else { throw ValidationError("--samples: expected 1…1000000, got \(samples)") }
        guard block.hasSuffix("d"), let days = Int(block.dropLast()), (1...365).contains(days) else {
            throw ValidationError("--block: expected 1d…365d, got '\(block)'")
        }
    }

    func run() throws {
        let (pnl, equity, cash, name) = try input()
        let limits = try limitFiles.limits()
        let study = MonteCarlo(tradePnL: pnl, equity: equity, initialCash: cash, haltDrawdown: limits.haltDrawdown, dailyLossLimit: limits.dailyLossLimit)
        guard !study.tradePnL.isEmpty || !study.dailyReturns.isEmpty else { throw CLIError("\(name) has neither trades nor equity points to resample") }
        let result = study.run(samples: samples, seed: seed, blockDays: Int(block.dropLast())!)
        let folder = try ResearchFolder.write(kind: "montecarlo", id: name, files: [
            ("summary.md", Data(MonteCarloReport.markdown(result, source: name).utf8)), ("montecarlo.json", try ResearchFolder.json(result)),
            ("histogram.svg", Data(MonteCarloReport.histogramSVG(result, source: name).utf8)),
        ], reports: reports)
        print("\(folder)\n\n" + MonteCarloReport.markdown(result, source: name))
    }

    /// Trade PnLs, equity points and initial cash of the source, and its name for the folder.
    private func input() throws -> ([Double], [EquityPoint], Double, String) {
        if let run = Int64(source) {
            let report = try RunReport.load(RunStore(database: try CruptoDatabase(path: db)), run: run)
            return (report.trades.map(\.pnl.doubleValue), report.equity, report.run.initialCash.doubleValue, "run-\(run)")
        }
        let path = source + "/walkforward.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("\(source): neither a run id nor a walk-forward folder (no \(path))")
        }
        let result: WalkForwardResult
        do { result = try JSONDecoder().decode(WalkForwardResult.self, from: data) } catch { throw CLIError("\(path): not a walk-forward result (\(error))") }
        let name = URL(fileURLWithPath: source).lastPathComponent.replacingOccurrences(of: "walkforward_", with: "wf-")
        return (result.folds.flatMap { $0.tradePnL.map { Double($0) / 1e8 } }, result.stitchedEquity, Double(result.initialCash) / 1e8, name)
    }
}
