import Foundation

/// `trades.svg`: one instrument's price over a window with the trades made on it — an entry as a
/// triangle pointing the way of the position (up for long, down for short), its exit as a dot,
/// joined by a dashed line green for a winner and red for a loser (net of fees and funding); a
/// trade is drawn when it was entered and exited within the window.
/// The report draws the most-traded instrument over the week before its last exit;
/// `brain report chart` draws any instrument and window.
public enum TradesChart {
    static let width = 1100.0
    static let left = 84.0
    static let right = 24.0
    static let top = 78.0
    static let height = 380.0
    static var plotWidth: Double { width - left - right }

    /// The instrument with the most trades (the first by name among equals), if any traded.
    public static func busiestInstrument(_ report: RunReport) -> InstrumentID? {
        Dictionary(grouping: report.trades, by: \.instrument).max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key
    }

    /// The week up to the instrument's last exit, widened to hold each trade of it whole, plus a
    /// few hours either side, within the run.
    public static func defaultWindow(_ report: RunReport, instrument: InstrumentID) -> ClosedRange<Int64>? {
        guard let first = report.run.firstTime, let last = report.run.lastTime, first <= last else { return nil }
        let hours6: Int64 = 6 * 3_600_000
        let trades = report.trades.filter { $0.instrument == instrument }
        let end = min(last, (trades.map(\.exitTime).max() ?? last) + hours6)
        let week = end - 7 * 86_400_000
        let earliestEntry = trades.filter { $0.exitTime >= week }.map(\.entryTime).min() ?? week
        return max(first, min(week, earliestEntry - hours6))...end
    }

    /// The trades drawn: those of `instrument` entered and exited within the window.
    public static func trades(_ report: RunReport, instrument: InstrumentID, window: ClosedRange<Int64>) -> [Trade] {
        report.trades.filter { $0.instrument == instrument && window.contains($0.entryTime) && window.contains($0.exitTime) }
    }

    public static func svg(_ report: RunReport, instrument: InstrumentID, window: ClosedRange<Int64>) -> String {
        var canvas = SVGCanvas(width: width, height: top + height + 60)
        let trades = trades(report, instrument: instrument, window: window)
        let prices = TradePrices.load(report, instrument: instrument, window: window)
        let winners = trades.count { $0.pnl.isPositive }
        canvas.text(left, 26, "Run \(report.run.id): trades on \(instrument.symbol) \(instrument.market)", size: 16, color: "#111", weight: "bold")
        canvas.text(
            left, 46, "\(UTCTimestamp.iso8601(window.lowerBound)) … \(UTCTimestamp.iso8601(window.upperBound)) · \(trades.count == 1 ? "1 trade" : "\(trades.count) trades") within it, \(winners) won · 1m close",
            color: "#555")
        canvas.text(
            left, 64, "▲ long entry  ▼ short entry  ● exit · dashed line: green = won, red = lost (net of fees and funding)" + (prices.missing.map { " · no prices: \($0)" } ?? ""),
            size: 11, color: "#555")
        let tradePrices = trades.flatMap { [$0.entryPrice.doubleValue, $0.exitPrice.doubleValue] }
        let all = prices.closes.map(\.price) + tradePrices
        guard let low = all.min(), let high = all.max() else {
            canvas.text(left, top + 40, "no prices and no trades of \(instrument) in this window")
            return canvas.text
        }
        let (ticks, decimals) = ChartTicks.values(low, high)
        let (bottomValue, topValue) = (ticks.first!, max(ticks.last!, ticks.first! + 1e-9))
        let span = Double(max(window.upperBound - window.lowerBound, 1))
        let x = { (time: Int64) in left + Double(time - window.lowerBound) / span * plotWidth }
        let y = { (price: Double) in top + (topValue - price) / (topValue - bottomValue) * height }
        for tick in ticks {
            canvas.line(left, y(tick), left + plotWidth, y(tick), color: "#e5e5e5")
            canvas.text(left - 8, y(tick) + 4, String(format: "%.\(decimals)f", tick), anchor: "end", size: 11)
        }
        for tick in ChartTicks.times(window.lowerBound, window.upperBound) {
            canvas.line(x(tick.time), top, x(tick.time), top + height + 4, color: "#eee")
            canvas.text(x(tick.time), top + height + 18, tick.label, anchor: "middle", size: 11)
        }
        canvas.rect(left, top, plotWidth, height)
        canvas.polyline(ChartReduction.extremes(prices.closes, time: \.time, value: \.price).map { (x($0.time), y($0.price)) }, color: "#555", width: 1)
        for trade in trades {
            let won = trade.pnl.isPositive
            let color = won ? "#2ca02c" : "#d62728"
            let long = trade.side == .buy
            canvas.line(x(trade.entryTime), y(trade.entryPrice.doubleValue), x(trade.exitTime), y(trade.exitPrice.doubleValue), color: color, width: 1.2, dashed: true)
            canvas.marker(
                x(trade.entryTime), y(trade.entryPrice.doubleValue), up: long, color: long ? "#1f77b4" : "#9467bd",
                title: "\(long ? "long" : "short") \(trade.quantity) at \(trade.entryPrice), \(UTCTimestamp.iso8601(trade.entryTime)) (\(trade.strategy))")
            canvas.dot(
                x(trade.exitTime), y(trade.exitPrice.doubleValue), color: color,
                title: "exit at \(trade.exitPrice), \(UTCTimestamp.iso8601(trade.exitTime)), \(trade.exitReason.rawValue), PnL \(trade.pnl)")
        }
        canvas.text(left + plotWidth, top + height + 36, "time (UTC)", anchor: "end", size: 11, color: "#555")
        return canvas.text
    }
}
