import Foundation
import ProdCore

/// A walk-forward's folds and what they add up to: the test windows' equity stitched into one
/// out-of-sample curve, the walk-forward efficiency and how stable the chosen parameters were.
public struct WalkForwardResult: Sendable, Codable, Equatable {
    public let definition: SweepResult.Definition
    public let windows: WalkForward.Windows
    public let folds: [WalkForwardFold]
    public let initialCash: Int64

    public init(definition: SweepResult.Definition, windows: WalkForward.Windows, folds: [WalkForwardFold], initialCash: Money) {
        self.definition = definition
        self.windows = windows
        self.folds = folds
        self.initialCash = initialCash.raw
    }

    /// The test windows back to back, each fold's curve scaled to start where the previous ended
    /// (every fold trades from the initial cash; stitching compounds them).
    public var stitchedEquity: [EquityPoint] {
        var capital = Double(initialCash)
        var curve: [EquityPoint] = []
        for fold in folds {
            let scale = capital / Double(initialCash)
            curve += fold.equity.map { point in
                EquityPoint(
                    time: point.time, equity: Money(raw: Int64((Double(point.equity.raw) * scale).rounded())),
                    cash: Money(raw: Int64((Double(point.cash.raw) * scale).rounded())),
                    grossExposure: Money(raw: Int64((Double(point.grossExposure.raw) * scale).rounded())))
            }
            capital = Double(curve.last?.equity.raw ?? Int64(capital))
        }
        return curve
    }

    /// Out-of-sample return of the stitched curve.
    public var outOfSampleReturn: Double {
        guard let last = stitchedEquity.last else { return 0 }
        return Double(last.equity.raw) / Double(initialCash) - 1
    }

    /// Mean out-of-sample objective over mean in-sample objective (folds with both); `nil`
    /// when the in-sample mean is not positive (the ratio would mean nothing).
    public var efficiency: Double? {
        let pairs = folds.compactMap { fold in fold.inSample.objective.flatMap { a in fold.outOfSample.objective.map { (a, $0) } } }
        guard !pairs.isEmpty else { return nil }
        let inSample = pairs.map(\.0).reduce(0, +) / Double(pairs.count)
        let outOfSample = pairs.map(\.1).reduce(0, +) / Double(pairs.count)
        return inSample > 0 ? outOfSample / inSample : nil
    }

    /// Per swept parameter: the values the folds chose, how many distinct, and the share of folds
    /// that chose the most frequent one (1 = the same every time).
    public var stability: [(parameter: String, chosen: [Double], distinct: Int, modeShare: Double)] {
        definition.parameters.enumerated().map { position, name in
            let chosen = folds.map { $0.parameters[position] }
            let counts = Dictionary(grouping: chosen, by: { $0 }).mapValues(\.count)
            return (name, chosen, counts.count, Double(counts.values.max() ?? 0) / Double(max(chosen.count, 1)))
        }
    }

    /// `equity.svg`: the stitched out-of-sample curve and its drawdown.
    public var equitySVG: String {
        EquityChart.svg(
            stitchedEquity, title: "Walk-forward \(definition.id): out of sample \(SweepSummary.percent(outOfSampleReturn))",
            lines: ["\(folds.count) test windows stitched; each traded the parameters its training window chose",
                    "walk-forward efficiency \(SweepSummary.ratio(efficiency)) (\(definition.objective.rawValue))"],
            initialCash: Double(initialCash) / 1e8)
    }

    public var table: ReportTable {
        var columns = [
            ReportColumn("fold", .int64(folds.map { Int64($0.index) })),
            ReportColumn("train_start", .timestamp(folds.map(\.trainStart))), ReportColumn("train_end", .timestamp(folds.map(\.trainEnd))),
            ReportColumn("test_start", .timestamp(folds.map(\.testStart))), ReportColumn("test_end", .timestamp(folds.map(\.testEnd))),
        ]
        columns += definition.parameters.enumerated().map { position, name in ReportColumn(name, .double(folds.map { $0.parameters[position] })) }
        columns += [
            ReportColumn("in_sample_objective", .double(folds.map(\.inSample.objective)), optional: true),
            ReportColumn("in_sample_trades", .int64(folds.map { Int64($0.inSample.trades) })),
            ReportColumn("in_sample_profit_factor", .double(folds.map(\.inSample.profitFactor)), optional: true),
            ReportColumn("out_of_sample_objective", .double(folds.map(\.outOfSample.objective)), optional: true),
            ReportColumn("out_of_sample_trades", .int64(folds.map { Int64($0.outOfSample.trades) })),
            ReportColumn("out_of_sample_profit_factor", .double(folds.map(\.outOfSample.profitFactor)), optional: true),
            ReportColumn("out_of_sample_return", .double(folds.map(\.outOfSample.totalReturn))),
            ReportColumn("out_of_sample_max_drawdown", .double(folds.map(\.outOfSample.maxDrawdown))),
            ReportColumn("out_of_sample_digest", .string(folds.map(\.outOfSample.digest))),
        ]
        return ReportTable(name: "folds", columns: columns)
    }

    public var markdown: String {
        let day = 86_400_000.0
        func days(_ ms: Int64) -> String { (Double(ms) / day).numberText + "d" }
        func date(_ ms: Int64) -> String { String(UTCTimestamp.iso8601(ms).prefix(16)) }
        let ratio = SweepSummary.ratio
        var lines = [
            "# Walk-forward \(definition.id): \(definition.strategy), \(folds.count) folds", "",
            "| | |", "|---|---|",
            "| Windows | train \(days(windows.train)), test \(days(windows.test)), step \(days(windows.step)), embargo \(days(windows.embargo))\(windows.anchored ? ", anchored" : ""), warm-up \(days(windows.warmUp)) |",
            "| Grid | \(zip(definition.parameters, definition.values).map { "\($0): \(SweepSummary.describe($1))" }.joined(separator: "; ")) (\(definition.combinations) combinations per fold) |",
            "| Objective | \(definition.objective.rawValue) |",
            "| Out-of-sample return (stitched) | \(SweepSummary.percent(outOfSampleReturn)) |",
            "| Walk-forward efficiency | \(ratio(efficiency)) (mean out-of-sample \(definition.objective.rawValue) / mean in-sample) |",
            "| Out-of-sample trades | \(folds.map(\.outOfSample.trades).reduce(0, +)) |",
            "| Backtest flags | `\(definition.backtestFlags.joined(separator: " "))` |",
            "| Code version | \(definition.codeVersion) |",
            "", "## Parameter stability", "", "| Parameter | Chosen per fold | Distinct | Most frequent in |", "|---|---|---|---|",
        ]
        lines += stability.map { "| \($0.parameter) | \($0.chosen.map(\.numberText).joined(separator: ", ")) | \($0.distinct) | \(SweepSummary.percent($0.modeShare)) of folds |" }
        lines += [
            "", "## Folds", "",
            "| Fold | Train | Test | " + definition.parameters.joined(separator: " | ") + " | In-sample objective | Out-of-sample objective | OOS trades | OOS profit factor | OOS return | OOS max drawdown |",
            "|---|---|---|" + String(repeating: "---|", count: definition.parameters.count) + "---|---|---|---|---|---|",
        ]
        for fold in folds {
            let cells = [
                ratio(fold.inSample.objective), ratio(fold.outOfSample.objective), "\(fold.outOfSample.trades)", ratio(fold.outOfSample.profitFactor),
                SweepSummary.percent(fold.outOfSample.totalReturn), SweepSummary.percent(fold.outOfSample.maxDrawdown),
            ]
            lines.append(
                "| \(fold.index) | \(date(fold.trainStart)) … \(date(fold.trainEnd)) | \(date(fold.testStart)) … \(date(fold.testEnd)) | "
                    + fold.parameters.map(\.numberText).joined(separator: " | ") + " | " + cells.joined(separator: " | ") + " |")
        }
        lines += ["", "Each fold's parameters were chosen on its training window alone; only the test windows traded for these figures. folds.csv and folds.parquet hold the table; equity.svg the stitched out-of-sample curve.", ""]
        return lines.joined(separator: "\n")
    }
}
