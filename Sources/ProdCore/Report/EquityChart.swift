import Foundation

/// `equity.svg`: the equity curve above its drawdown, with the period and the value range on the
/// axes. Long runs are reduced to the lowest and highest point of each of ~1000 buckets, which
/// keeps every peak and trough visible.
enum EquityChart {
    static let width = 1000.0
    static let equityHeight = 320.0
    static let drawdownHeight = 140.0
    /// Room on the left for the value labels.
    static let margin = 90.0

    static func svg(_ equity: [EquityPoint], title: String) -> String {
        let total = margin * 2 + equityHeight + drawdownHeight + 40
        var svg = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width + 2 * margin))\" height=\"\(Int(total))\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            "<text x=\"\(margin)\" y=\"24\" font-size=\"16\">\(escaped(title))</text>",
        ]
        guard let first = equity.first, let last = equity.last else {
            return (svg + ["<text x=\"\(margin)\" y=\"80\">no equity points</text>", "</svg>"]).joined(separator: "\n") + "\n"
        }
        let points = reduced(equity)
        let values = points.map(\.equity.doubleValue)
        // Every bucket keeps its highest point, so the running peaks, and the drawdowns, are the full curve's.
        let drawdowns = points.drawdowns
        let (low, high) = (values.min()!, values.max()!)
        let span = max(high - low, abs(high) * 1e-9, 1e-9)
        let deepest = max(drawdowns.max()!, 1e-9)
        let timeSpan = Double(max(last.time - first.time, 1))
        let x = { (time: Int64) in margin + Double(time - first.time) / timeSpan * width }
        let equityTop = margin
        let drawdownTop = margin + equityHeight + 40

        let line = zip(points, values).map { point, value in
            "\(format(x(point.time))),\(format(equityTop + (high - value) / span * equityHeight))"
        }.joined(separator: " ")
        let area = ["\(format(x(first.time))),\(format(drawdownTop))"]
            + zip(points, drawdowns).map { "\(format(x($0.time))),\(format(drawdownTop + $1 / deepest * drawdownHeight))" }
            + ["\(format(x(last.time))),\(format(drawdownTop))"]
        svg += [
            frame(top: equityTop, height: equityHeight),
            frame(top: drawdownTop, height: drawdownHeight),
            "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.2\" points=\"\(line)\"/>",
            "<polygon fill=\"#d62728\" fill-opacity=\"0.35\" stroke=\"#d62728\" stroke-width=\"0.8\" points=\"\(area.joined(separator: " "))\"/>",
            label(margin - 6, equityTop + 4, String(format: "%.2f", high), anchor: "end"),
            label(margin - 6, equityTop + equityHeight, String(format: "%.2f", low), anchor: "end"),
            label(margin + 6, equityTop + 16, "equity"),
            label(margin - 6, drawdownTop + 4, "0 %", anchor: "end"),
            label(margin - 6, drawdownTop + drawdownHeight, String(format: "−%.2f %%", deepest * 100), anchor: "end"),
            label(margin + 6, drawdownTop + 16, "drawdown"),
            label(margin, drawdownTop + drawdownHeight + 18, UTCTimestamp.iso8601(first.time)),
            label(margin + width, drawdownTop + drawdownHeight + 18, UTCTimestamp.iso8601(last.time), anchor: "end"),
            "</svg>",
        ]
        return svg.joined(separator: "\n") + "\n"
    }

    /// The lowest and highest point of each bucket, in time order.
    private static func reduced(_ equity: [EquityPoint], buckets: Int = 1000) -> [EquityPoint] {
        guard equity.count > 2 * buckets else { return equity }
        let size = (equity.count + buckets - 1) / buckets
        return stride(from: 0, to: equity.count, by: size).flatMap { start -> [EquityPoint] in
            let bucket = equity[start..<min(start + size, equity.count)]
            let low = bucket.min { $0.equity < $1.equity }!
            let high = bucket.max { $0.equity < $1.equity }!
            return low.time <= high.time ? (low.time == high.time ? [low] : [low, high]) : [high, low]
        }
    }

    private static func frame(top: Double, height: Double) -> String {
        "<rect x=\"\(format(margin))\" y=\"\(format(top))\" width=\"\(format(width))\" height=\"\(format(height))\" fill=\"none\" stroke=\"#999\"/>"
    }

    private static func label(_ x: Double, _ y: Double, _ text: String, anchor: String = "start") -> String {
        "<text x=\"\(format(x))\" y=\"\(format(y))\" text-anchor=\"\(anchor)\">\(escaped(text))</text>"
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
