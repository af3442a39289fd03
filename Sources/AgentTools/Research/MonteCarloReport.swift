import Foundation
import ProdCore

/// `summary.md` and `histogram.svg` of a Monte Carlo study of `source` (a run or a walk-forward).
public enum MonteCarloReport {
    /// `heading` is the title's markdown level (`#`, or `##` inside another report).
    public static func markdown(_ result: MonteCarloResult, source: String, heading: String = "#") -> String {
        let percent = { (value: Double?) in value.map { SweepSummary.percent($0) } ?? "—" }
        let ratio = SweepSummary.ratio
        func row(_ name: String, _ p: Percentiles, _ format: (Double?) -> String) -> String {
            "| \(name) | \(format(p.p5)) | \(format(p.p25)) | \(format(p.median)) | \(format(p.p75)) | \(format(p.p95)) | \(format(p.mean)) |"
        }
        var lines = [
            "\(heading) Monte Carlo of \(source)", "",
            "\(result.samples) samples from seed \(result.seed) (the same seed gives the same numbers); \(result.trades) closed trades, \(result.days) days, day blocks of \(result.blockDays).",
            "", "| Figure | 5 % | 25 % | median | 75 % | 95 % | mean |", "|---|---|---|---|---|---|---|",
            row("Max drawdown, trades reshuffled", result.reshuffledMaxDrawdown, percent),
            row("Final return, trades drawn", result.drawnFinalReturn, percent),
            row("Max drawdown, trades drawn", result.drawnMaxDrawdown, percent),
            row("Profit factor, trades drawn", result.drawnProfitFactor, ratio),
            row("Final return, days drawn", result.dayFinalReturn, percent),
            row("Max drawdown, days drawn", result.dayMaxDrawdown, percent),
            row("Worst day, days drawn", result.dayWorst, percent),
            "", "| Probability | |", "|---|---|",
            "| max drawdown ≥ the Monitor's halt level (\(percent(result.haltDrawdown))), trades reshuffled | \(percent(result.probabilityHaltReshuffled)) |",
            "| max drawdown ≥ the halt level, trades drawn | \(percent(result.probabilityHaltDrawn)) |",
            "| max drawdown ≥ the halt level, days drawn | \(percent(result.probabilityHaltDays)) |",
            "| a day loses more than the governor's daily limit (\(percent(result.dailyLossLimit))), days drawn | \(percent(result.probabilityDailyLimit)) |",
            "", "histogram.svg: the final return and the max drawdown over the samples (days drawn, else trades).", "",
        ]
        if result.trades < 30 { lines.insert("**Few trades (\(result.trades)): these distributions say little.**\n", at: 2) }
        return lines.joined(separator: "\n")
    }

    public static func histogramSVG(_ result: MonteCarloResult, source: String) -> String {
        var canvas = SVGCanvas(width: 1100, height: 420)
        canvas.text(60, 26, "Monte Carlo of \(source): \(result.samples) samples, seed \(result.seed)", size: 16, color: "#111", weight: "bold")
        panel(&canvas, left: 60, title: "Final return", values: result.finalReturnSamples, color: "#1f77b4")
        panel(&canvas, left: 600, title: "Max drawdown", values: result.maxDrawdownSamples, color: "#d62728", marker: (result.haltDrawdown, "halt level"))
        return canvas.text
    }

    private static func panel(
        _ canvas: inout SVGCanvas, left: Double, title: String, values: [Double], color: String, marker: (Double, String)? = nil
    ) {
        let (top, width, height) = (70.0, 440.0, 280.0)
        canvas.text(left, top - 10, "\(title) (samples per bin)", size: 12, color: color)
        canvas.rect(left, top, width, height)
        guard let low = values.min(), let high = values.max() else {
            canvas.text(left + 10, top + 30, "no samples")
            return
        }
        let bins = 30
        let span = max(high - low, 1e-12)
        var counts = Array(repeating: 0, count: bins)
        for value in values { counts[min(bins - 1, Int((value - low) / span * Double(bins)))] += 1 }
        let tallest = Double(counts.max()!)
        for (index, count) in counts.enumerated() where count > 0 {
            let barHeight = Double(count) / tallest * (height - 10)
            canvas.rect(left + Double(index) * width / Double(bins), top + height - barHeight, width / Double(bins), barHeight, stroke: "white", fill: color)
        }
        canvas.text(left, top + height + 18, SweepSummary.percent(low), size: 11)
        canvas.text(left + width, top + height + 18, SweepSummary.percent(high), anchor: "end", size: 11)
        canvas.text(left + width / 2, top + height + 18, "median \(SweepSummary.percent(values.sorted()[values.count / 2]))", anchor: "middle", size: 11)
        if let (level, label) = marker, level >= low, level <= high {
            let x = left + (level - low) / span * width
            canvas.line(x, top, x, top + height, color: "#111", dashed: true)
            canvas.text(x + 4, top + 14, "\(label) \(SweepSummary.percent(level))", size: 11)
        }
    }
}
