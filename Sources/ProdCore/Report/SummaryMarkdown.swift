import Foundation

/// `summary.md`: the key numbers first (return, drawdown, ratios, trades, costs, period, digest),
/// then what ran on which data, per-strategy and per-symbol tables, governor events and the plans. Ratios are printed with 6 decimals, money exactly.
enum SummaryMarkdown {
    static func text(_ report: RunReport, settings: [String]) -> String {
        let run = report.run
        let metrics = report.metrics
        var lines = ["# Run \(run.id) (\(run.kind))", ""]
        // The numbers a trader looks at first, then what ran.
        lines += ["| Metric | Value |", "|---|---|"] + RunHeadline.rows(report).map { "| \($0.label) | \($0.text) |" } + [""]
        lines += [
            "## Run", "",
            "| | |", "|---|---|",
            "| Status | \(run.status) |",
            "| Started | \(run.startedAt) |",
            "| Finished | \(run.finishedAt ?? "—") |",
            "| Code version | \(run.codeVersion) |",
            "| Command | `\(run.kind == "runner" ? "prodcore-runner" : "brain \(run.kind)") \(settings.joined(separator: " "))` |",
            "| Bar timeframe | \(run.timeframe) (\(metrics.figures.equityPoints) equity points) |",
            "| Inputs | \(run.inputsDone) |",
            "",
        ]
        lines += groupTable("By strategy", metrics.byStrategy)
        lines += groupTable("By symbol", metrics.bySymbol)
        lines += governorSection(report.governorEvents)
        lines += PlanTable.markdown(report.plans)
        lines += ["", "## Data and configuration read", "", "| Role | File | SHA-256 | Bytes |", "|---|---|---|---|"]
        lines += report.files.map { "| \($0.role) | \($0.path) | `\($0.sha256)` | \($0.bytes) |" }
        lines += ["", "Definitions: see `PerformanceFigures` and `PerformanceTracker` (returns between consecutive equity points; Sharpe and Sortino annualized with √(points per year); a trade wins when its PnL net of fees and funding is positive).", ""]
        return lines.joined(separator: "\n")
    }

    private static func groupTable(_ title: String, _ groups: [GroupMetrics]) -> [String] {
        var lines = ["## \(title)", "", "| Name | Trades | Win rate | PnL | Fees | Funding | Profit factor |", "|---|---|---|---|---|---|---|"]
        for group in groups {
            let trades = group.trades
            lines.append(
                "| \(group.name) | \(trades.count) | \(trades.winRate.map(percent) ?? "—") | \(trades.pnl) | \(trades.fees) | "
                    + "\(trades.funding) | \(ratio(trades.profitFactor)) |")
        }
        if groups.isEmpty { lines.append("| (no trades) | 0 | — | 0 | 0 | 0 | — |") }
        return lines + [""]
    }

    private static func governorSection(_ events: [GovernorEvent]) -> [String] {
        var lines = ["## Governor events", ""]
        let counts = Dictionary(grouping: events, by: \.kind.rawValue).mapValues(\.count)
        lines.append(counts.isEmpty ? "None." : counts.keys.sorted().map { "\($0): \(counts[$0]!)" }.joined(separator: ", "))
        lines.append("")
        // Applied plans are the Plans table's; the rest are what the governor did on its own.
        let events = events.filter { $0.kind != .planApplied }
        let shown = 50
        for event in events.prefix(shown) {
            lines.append("* \(UTCTimestamp.iso8601(event.time)) `\(event.kind.rawValue)` \(event.detail)")
        }
        if events.count > shown { lines.append("* … \(events.count - shown) more in governor_events.csv") }
        return lines + [""]
    }

    static func percent(_ value: Double) -> String { String(format: "%.6f %%", value * 100) }
    static func ratio(_ value: Double?) -> String { value.map { String(format: "%.6f", $0) } ?? "—" }
}
