import Foundation
import ProdCore

/// `summary.md` of a sweep: what was swept on which backtest, how many combinations ran, the best
/// ones by the objective, and the `brain backtest` command that reruns the best one alone.
public enum SweepSummary {
    public static func markdown(_ result: SweepResult, top: Int = 10) -> String {
        let definition = result.definition
        let ranked = SweepRow.ranked(result.rows)
        let flags = definition.backtestFlags.joined(separator: " ")
        let swept: String = zip(definition.parameters, definition.values).map { "\($0): \(describe($1))" }.joined(separator: "; ")
        let fixed: String = definition.fixed.isEmpty
            ? "—" : definition.fixed.keys.sorted().map { "\($0)=\(definition.fixed[$0]!.numberText)" }.joined(separator: ", ")
        let refused: String = definition.refused > 0 ? ", \(definition.refused) refused by the strategy's own rules" : ""
        let data: String = definition.data.map { "`\($0.path)`" }.joined(separator: ", ")
        let header: String = "| Rank | " + definition.parameters.joined(separator: " | ")
            + " | Objective | Trades | Profit factor | Return | Max drawdown | Sharpe | Sortino | Win rate | Exposure | Fees |"
        let rule: String = "|---|" + String(repeating: "---|", count: definition.parameters.count) + "---|---|---|---|---|---|---|---|---|---|"
        var lines: [String] = [
            "# Sweep \(definition.id): \(definition.strategy), \(definition.combinations) combinations", "",
            "| | |", "|---|---|",
            "| Strategy | \(definition.strategy) |",
            "| Swept | \(swept) |",
            "| Fixed | \(fixed) |",
            "| Combinations | \(definition.combinations) run\(refused) |",
            "| Objective | \(definition.objective.rawValue) (higher is better; a combination without it ranks last) |",
            "| Backtest flags | `\(flags.isEmpty ? "(brain backtest defaults)" : flags)` |",
            "| Data | \(definition.data.count) files: \(data) |",
            "| Code version | \(definition.codeVersion) |",
            "", "## Best \(min(top, ranked.count)) by \(definition.objective.rawValue)", "",
            header, rule,
        ]
        for (rank, row) in ranked.prefix(top).enumerated() {
            let cells = [
                ratio(row.objective), "\(row.trades)", ratio(row.profitFactor), percent(row.totalReturn), percent(row.maxDrawdown),
                ratio(row.sharpe), ratio(row.sortino), row.winRate.map(percent) ?? "—", percent(row.exposure), "\(Money(raw: row.fees))",
            ]
            lines.append("| \(rank + 1) | " + row.parameters.map(\.numberText).joined(separator: " | ") + " | " + cells.joined(separator: " | ") + " |")
        }
        if let best = ranked.first {
            var values = definition.fixed
            for (name, value) in zip(definition.parameters, best.parameters) { values[name] = value }
            let spec: String = definition.strategy + ":" + values.keys.sorted().map { "\($0)=\(values[$0]!.numberText)" }.joined(separator: ",")
            lines += ["", "The best combination alone: `brain backtest --strategy \(spec)\(flags.isEmpty ? "" : " " + flags)` (digest `\(best.digest)`)."]
        }
        lines += ["", "Every combination: sweep.csv and sweep.parquet; the objective over two parameters: heatmap.svg.", ""]
        return lines.joined(separator: "\n")
    }

    static func describe(_ values: [Double]) -> String {
        values.count > 6
            ? "\(values[0].numberText), \(values[1].numberText), …, \(values.last!.numberText) (\(values.count) values)"
            : values.map(\.numberText).joined(separator: ", ")
    }

    static func ratio(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "—" }
    static func percent(_ value: Double) -> String { String(format: "%.2f %%", value * 100) }
}
