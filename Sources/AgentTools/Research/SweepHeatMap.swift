import Foundation
import ProdCore

/// `heatmap.svg`: the objective over the sweep's first two parameters (the best over any others),
/// one cell per pair, red (worst) to green (best), the value written in each cell; grey where no
/// combination ran (refused by the strategy) or it has no objective. One parameter: one row.
public enum SweepHeatMap {
    public static func svg(_ result: SweepResult) -> String {
        let definition = result.definition
        let xs = definition.values[0]
        let ys = definition.values.count > 1 ? definition.values[1] : [Double.nan]
        var best: [Int: Double] = [:]
        for row in result.rows {
            guard let objective = row.objective, let x = xs.firstIndex(of: row.parameters[0]) else { continue }
            let y = definition.values.count > 1 ? ys.firstIndex(of: row.parameters[1]) ?? 0 : 0
            let key = y * xs.count + x
            best[key] = max(best[key] ?? -.infinity, objective)
        }
        let cell = max(18.0, min(64.0, 900.0 / Double(max(xs.count, ys.count))))
        let (left, top) = (110.0, 90.0)
        var canvas = SVGCanvas(width: max(600, left + cell * Double(xs.count) + 40), height: top + cell * Double(ys.count) + 70)
        canvas.text(left, 28, "Sweep \(definition.id): \(definition.objective.rawValue) of \(definition.strategy)", size: 16, color: "#111", weight: "bold")
        let range = (best.values.min() ?? 0, best.values.max() ?? 0)
        canvas.text(
            left, 48,
            "\(definition.combinations) combinations · red \(SweepSummary.ratio(range.0)) … green \(SweepSummary.ratio(range.1))"
                + (definition.values.count > 2 ? " · each cell the best over \(definition.parameters.dropFirst(2).joined(separator: ", "))" : ""),
            size: 11, color: "#555")
        for (y, yValue) in ys.enumerated() {
            for (x, _) in xs.enumerated() {
                let (cx, cy) = (left + Double(x) * cell, top + Double(y) * cell)
                guard let value = best[y * xs.count + x] else {
                    canvas.rect(cx, cy, cell, cell, stroke: "white", fill: "#ddd")
                    continue
                }
                let share = range.1 > range.0 ? (value - range.0) / (range.1 - range.0) : 0.5
                canvas.rect(cx, cy, cell, cell, stroke: "white", fill: color(share))
                if cell >= 30 { canvas.text(cx + cell / 2, cy + cell / 2 + 4, String(format: "%.2f", value), anchor: "middle", size: min(11, cell / 4)) }
            }
            if !yValue.isNaN { canvas.text(left - 8, top + (Double(y) + 0.5) * cell + 4, yValue.numberText, anchor: "end", size: 11) }
        }
        for (x, xValue) in xs.enumerated() {
            canvas.text(left + (Double(x) + 0.5) * cell, top + Double(ys.count) * cell + 16, xValue.numberText, anchor: "middle", size: 11)
        }
        canvas.text(left + cell * Double(xs.count) / 2, top + Double(ys.count) * cell + 36, definition.parameters[0], anchor: "middle", size: 12, weight: "bold")
        if definition.parameters.count > 1 { canvas.text(left - 8, top - 10, definition.parameters[1], anchor: "end", size: 12, weight: "bold") }
        return canvas.text
    }

    /// Red through yellow to green.
    static func color(_ share: Double) -> String {
        let t = min(1, max(0, share))
        let (r, g) = t < 0.5 ? (215.0, 48 + t * 2 * (200 - 48)) : (215 - (t - 0.5) * 2 * (215 - 26), 200 - (t - 0.5) * 2 * (200 - 150))
        return String(format: "#%02x%02x%02x", Int(r), Int(g), Int(t < 0.5 ? 39 + t * 2 * 20 : 59))
    }
}
