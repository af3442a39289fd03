import AgentTools
import ArgumentParser
import Foundation
import ProdCore

/// `brain regime`: what a regime classifier says on any data, bar by bar; or, with `--evaluate`,
/// how well it recovers the known regimes of seeded synthetic markets.
struct RegimeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regime",
        abstract: "Classify market regimes per bar (bullish, bearish, range, high_vol), or evaluate a classifier.",
        discussion: """
            With --out: 1m bars of --symbol are aggregated to --timeframe, the decision features of \
            the runner's snapshots are computed on them and the classifier's regime is written per \
            bar as open_time,open_time_utc,regime (regime empty while warming up; the summary says how many bars warm up). With --evaluate: --seeds seeded \
            synthetic regime-switching markets of --bars bars each are classified and the bar-level \
            agreement with their true labels (after --warm-up bars) and the switch counts are \
            printed; exit 1 when agreement is below --min-agreement or switches exceed \
            --max-switch-ratio × the true ones.
            """)

    @Option(name: .customLong("data"), parsing: .upToNextOption, help: "Kline files or folders (default: data/sample).")
    var paths: [String] = []

    @OptionGroup var source: DataSourceOptions

    @Option(help: "Symbol, such as BTCUSDT (required with --out).")
    var symbol: String?

    @Option(help: "Bar timeframe the classifier sees (default: 4h; with --evaluate 1h, the runner's decision interval).")
    var timeframe: Timeframe?

    @Option(help: "Classifier: \(RegimeClassifierKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var classifier: RegimeClassifierKind = .rules

    @Option(help: "Output CSV file: open_time (epoch ms),open_time_utc (ISO 8601),regime per bar.")
    var out: String?

    @Flag(help: "Evaluate the classifier on labeled synthetic markets instead.")
    var evaluate = false

    @Option(help: "--evaluate: number of seeds (1…N).")
    var seeds = 20

    @Option(help: "--evaluate: bars per seed.")
    var bars = 50_000

    @Option(name: .customLong("warm-up"), help: "--evaluate: bars not scored at the start of each seed.")
    var warmUp = 500

    @Option(name: .customLong("min-agreement"), help: "--evaluate: lowest acceptable pooled agreement, in %.")
    var minAgreement = 85.0

    @Option(name: .customLong("max-switch-ratio"), help: "--evaluate: most switches acceptable, as a multiple of the true ones.")
    var maxSwitchRatio = 2.0

    func validate() throws {
        if evaluate {
            guard seeds >= 1, bars > warmUp, warmUp >= 0 else { throw ValidationError("--evaluate needs --seeds ≥ 1 and --bars > --warm-up ≥ 0") }
        } else {
            guard symbol != nil, out != nil else { throw ValidationError("give --symbol and --out (or --evaluate)") }
        }
    }

    func run() throws {
        if evaluate { return try runEvaluation() }
        guard let symbol, let out else { return }
        let bars = try BarSource(files: try source.files(paths), symbol: symbol, market: source.market ?? .spot, timeframe: timeframe ?? .h4)
        var features = DecisionFeatures(id: InstrumentID(symbol: symbol, market: source.market ?? .spot))
        var regimes = classifier.make()
        var text = "open_time,open_time_utc,regime\n"
        var counts: [MarketRegime: Int] = [:]
        var rows = 0
        var warmUp = 0
        var firstRegime: Int64?
        try bars.forEachBar { bar in
            features.update(bar)
            let regime = regimes.classify(features.features)
            if let regime {
                counts[regime, default: 0] += 1
                firstRegime = firstRegime ?? bar.openTime
            } else if firstRegime == nil {
                warmUp += 1
            }
            text += "\(bar.openTime),\(UTCTimestamp.iso8601(bar.openTime)),\(regime?.rawValue ?? "")\n"
            rows += 1
        }
        try OutputFile.write(text, to: out)
        let summary = MarketRegime.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ")
        let warming = "the first \(warmUp) warm up (regime blank)" + (firstRegime.map { ", first regime at \(UTCTimestamp.iso8601($0))" } ?? ", no regime yet")
        print("wrote \(rows) bars to \(out): \(warming); \(summary)")
    }

    private func runEvaluation() throws {
        let interval = timeframe ?? .h1
        let result = RegimeEvaluation.run(kind: classifier, seeds: (1...UInt64(seeds)), bars: bars, interval: interval, warmUp: warmUp)
        print("classifier \(classifier.rawValue), \(seeds) seeds × \(bars) bars of \(interval), first \(warmUp) not scored")
        print("seed  agreement  switches  true switches")
        for seed in result.results {
            print(String(format: "%4llu  %8.2f %%  %8d  %13d", seed.seed, seed.agreement * 100, seed.switches, seed.trueSwitches))
        }
        printConfusion(result.confusion)
        print(String(format: "pooled agreement %.2f %% (worst seed %.2f %%), switches %.2f × the truth",
                     result.agreement * 100, result.worstAgreement * 100, result.switchRatio))
        guard result.agreement * 100 >= minAgreement, result.switchRatio <= maxSwitchRatio else {
            throw CLIError(String(format: "below the bar: agreement %.2f %% (need ≥ %.1f %%), switch ratio %.2f (need ≤ %.2f)",
                                  result.agreement * 100, minAgreement, result.switchRatio, maxSwitchRatio))
        }
    }
}

/// Rows: the true regime; columns: what the classifier said, as % of the row.
private func printConfusion(_ confusion: [MarketRegime: [MarketRegime?: Int]]) {
    let columns: [MarketRegime?] = MarketRegime.allCases.map { $0 } + [nil]
    print("truth \\ classified  " + columns.map { ($0?.rawValue ?? "warming").padding(toLength: 9, withPad: " ", startingAt: 0) }.joined(separator: " "))
    for truth in MarketRegime.allCases {
        let row = confusion[truth] ?? [:]
        let total = max(1, row.values.reduce(0, +))
        let cells = columns.map { String(format: "%8.1f%%", Double(row[$0] ?? 0) * 100 / Double(total)) }
        print(truth.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0) + cells.joined(separator: " "))
    }
}

extension RegimeClassifierKind: ExpressibleByArgument {}
