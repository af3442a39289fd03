import Foundation

/// `equity.svg`: what a trader checks first about a run — a title with the strategies, return and
/// drawdown; the equity curve on a value axis with round ticks and gridlines; under it, on the
/// same dated time axis, the drawdown from the running peak (0 at the top, deeper below). Long
/// runs are reduced to the lowest and highest point of each of ~1000 buckets, which keeps every
/// peak and trough, so the drawdown panel is the full curve's.
public enum EquityChart {
    static let width = 1100.0
    static let left = 84.0
    static let right = 24.0
    static let equityTop = 90.0
    static let equityHeight = 300.0
    static let drawdownTop = 424.0
    static let drawdownHeight = 130.0
    static var plotWidth: Double { width - left - right }

    static func svg(_ report: RunReport) -> String {
        let figures = report.metrics.figures
        var lines = ["Traded: \(strategies(report))"]
        if let first = report.equity.first, let last = report.equity.last {
            lines.append(
                "\(UTCTimestamp.iso8601(first.time)) … \(UTCTimestamp.iso8601(last.time)) · final equity \(figures.finalEquity) from \(figures.initialCash) · \(figures.trades.count) trades")
        }
        return svg(
            report.equity, title: "Run \(report.run.id) (\(report.run.kind)) — return \(signedPercent(figures.totalReturn)), max drawdown \(percent(figures.maxDrawdown))",
            lines: lines, initialCash: figures.initialCash.doubleValue)
    }

    /// Any equity curve with its drawdown: `title` in bold, then up to two `lines`; the dashed
    /// line marks `initialCash`.
    public static func svg(_ equity: [EquityPoint], title: String, lines: [String], initialCash: Double) -> String {
        var canvas = SVGCanvas(width: width, height: drawdownTop + drawdownHeight + 44)
        canvas.text(left, 26, title, size: 16, color: "#111", weight: "bold")
        for (number, line) in lines.prefix(2).enumerated() { canvas.text(left, 44 + Double(number) * 16, line, color: "#555") }
        guard let first = equity.first, let last = equity.last else {
            canvas.text(left, equityTop + 40, "no equity points (the run measured none: too short, or still warming up)")
            return canvas.text
        }
        let points = ChartReduction.extremes(equity, time: \.time, value: \.equity.doubleValue)
        let values = points.map(\.equity.doubleValue)
        let drawdowns = points.drawdowns
        let timeSpan = Double(max(last.time - first.time, 1))
        let x = { (time: Int64) in left + Double(time - first.time) / timeSpan * plotWidth }

        // Equity: a value axis of round ticks around the curve.
        let (ticks, decimals) = ChartTicks.values(values.min()!, values.max()!)
        let (bottomValue, topValue) = (ticks.first!, max(ticks.last!, ticks.first! + 1e-9))
        let y = { (value: Double) in equityTop + (topValue - value) / (topValue - bottomValue) * equityHeight }
        for tick in ticks {
            canvas.line(left, y(tick), left + plotWidth, y(tick), color: "#e5e5e5")
            canvas.text(left - 8, y(tick) + 4, String(format: "%.\(decimals)f", tick), anchor: "end", size: 11)
        }
        let initial = initialCash
        if (bottomValue...topValue).contains(initial) { canvas.line(left, y(initial), left + plotWidth, y(initial), color: "#888", dashed: true) }
        canvas.rect(left, equityTop, plotWidth, equityHeight)
        canvas.polyline(zip(points, values).map { (x($0.time), y($1)) }, color: "#1f77b4", width: 1.4)
        canvas.text(left, equityTop - 6, "Equity (quote currency); dashed: the initial cash", size: 11, color: "#1f77b4")

        // Drawdown: 0 at the top, down to the round tick at or below the deepest.
        let deepest = max(drawdowns.max()!, 1e-9)
        let (ddTicks, ddDecimals) = ChartTicks.values(0, deepest * 100, target: 4)
        let floor = max(ddTicks.last!, 1e-9) / 100
        let dy = { (drawdown: Double) in drawdownTop + drawdown / floor * drawdownHeight }
        for tick in ddTicks {
            canvas.line(left, dy(tick / 100), left + plotWidth, dy(tick / 100), color: "#e5e5e5")
            canvas.text(left - 8, dy(tick / 100) + 4, tick == 0 ? "0 %" : String(format: "−%.\(ddDecimals)f %%", tick), anchor: "end", size: 11)
        }
        canvas.polygon(
            [(x(first.time), drawdownTop)] + zip(points, drawdowns).map { (x($0.time), dy($1)) } + [(x(last.time), drawdownTop)],
            color: "#d62728", opacity: 0.35)
        canvas.rect(left, drawdownTop, plotWidth, drawdownHeight)
        canvas.text(left, drawdownTop - 6, "Drawdown from the running peak (deepest \(percent(drawdowns.max()!)))", size: 11, color: "#d62728")

        // One dated time axis under both panels, its gridlines through both.
        for tick in ChartTicks.times(first.time, last.time) {
            let at = x(tick.time)
            canvas.line(at, equityTop, at, equityTop + equityHeight, color: "#f0f0f0")
            canvas.line(at, drawdownTop, at, drawdownTop + drawdownHeight + 4, color: "#ccc")
            canvas.text(at, drawdownTop + drawdownHeight + 18, tick.label, anchor: "middle", size: 11)
        }
        canvas.text(left + plotWidth, drawdownTop + drawdownHeight + 36, "time (UTC)", anchor: "end", size: 11, color: "#555")
        return canvas.text
    }

    /// The plan entries that traded, by strategy and instrument (`ema_cross@BTCUSDT:spot:1h`,
    /// parameters left to summary.md), or why there are none.
    static func strategies(_ report: RunReport) -> String {
        let names = report.metrics.byStrategy.map { entry -> String in
            let parts = entry.name.split(separator: "@", maxSplits: 1)
            return parts.count == 2 ? "\(parts[0].prefix { $0 != ":" })@\(parts[1])" : entry.name
        }
        guard !names.isEmpty else { return "nothing (no closed trade)" }
        return names.count > 5 ? names.prefix(5).joined(separator: ", ") + " and \(names.count - 5) more" : names.joined(separator: ", ")
    }

    static func percent(_ fraction: Double) -> String { String(format: "%.2f %%", fraction * 100) }
    static func signedPercent(_ fraction: Double) -> String { (fraction < 0 ? "−" : "+") + percent(abs(fraction)) }
}
