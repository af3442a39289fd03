/// The numbers a trader reads first, in the order summary.md and `brain report compare` show them.
public enum RunHeadline {
    public struct Row: Sendable, Equatable {
        public let label: String
        public let text: String
        /// The number behind `text` (percent rows in percent), for differences; `nil` for text rows.
        public let value: Double?
    }

    public static func rows(_ report: RunReport) -> [Row] {
        let run = report.run
        let figures = report.metrics.figures
        func percent(_ label: String, _ fraction: Double?) -> Row {
            Row(label: label, text: fraction.map(SummaryMarkdown.percent) ?? "—", value: fraction.map { $0 * 100 })
        }
        func ratio(_ label: String, _ value: Double?) -> Row { Row(label: label, text: SummaryMarkdown.ratio(value), value: value) }
        func money(_ label: String, _ value: Money) -> Row { Row(label: label, text: "\(value)", value: value.doubleValue) }
        func count(_ label: String, _ value: Int) -> Row { Row(label: label, text: "\(value)", value: Double(value)) }
        return [
            percent("Return", figures.totalReturn), money("Final equity", figures.finalEquity), percent("Max drawdown", figures.maxDrawdown),
            ratio("Sharpe", figures.sharpe), ratio("Sortino", figures.sortino), ratio("Profit factor", figures.trades.profitFactor),
            count("Trades", figures.trades.count), percent("Win rate", figures.trades.winRate), money("Fees", figures.fees),
            money("Funding paid", figures.funding), percent("Exposure", figures.exposure),
            Row(label: "Period", text: "\(run.firstTime.map(UTCTimestamp.iso8601) ?? "—") … \(run.lastTime.map(UTCTimestamp.iso8601) ?? "—")", value: nil),
            Row(label: "Digest", text: "`\(run.digest ?? "unfinished")`", value: nil),
            money("Initial cash", figures.initialCash), count("Fills", report.fills.count), count("Refused or cancelled orders", report.rejections.count),
        ]
    }
}
