import Foundation
import ProdCore

/// The numbers `brain backtest` prints, as text or one JSON object.
struct BacktestSummary: Encodable {
    let strategies: [String]
    let plan: String
    let instruments: [String]
    let base_timeframe: String
    let fill: String
    let sizing: String
    let first_bar: String?
    let last_bar: String?
    let bars: Int
    let trades: Int
    let trades_by_strategy: [String: Int]
    let fills: Int
    let rejected_orders: Int
    let rejections_by_reason: [String: Int]
    let governor_events: [String]
    let exits_by_reason: [String: Int]
    let initial_cash: String
    let final_equity: String
    let total_return: Double
    let max_drawdown: Double
    let profit_factor: Double?
    let gross_profit: String
    let gross_loss: String
    let sharpe: Double?
    let sortino: Double?
    let exposure: Double
    let win_rate: Double?
    let fees: String
    let funding: String
    let funding_payments: Int
    let digest: String
    let load_seconds: Double
    let engine_bars_per_second: Double
    let run_id: Int64?
    let report: String?
    let export_seconds: Double?

    init(
        settings: BacktestSettings, result: RunResult, loadSeconds: Double, engineBarsPerSecond: Double,
        report: (run: Int64, folder: String, seconds: Double)?
    ) {
        run_id = report?.run
        self.report = report?.folder
        export_seconds = report?.seconds
        strategies = settings.plan.entries.map(\.description)
        plan = settings.plan.canonicalText
        instruments = settings.config.instruments.map(\.id.description)
        base_timeframe = settings.config.baseTimeframe.rawValue
        fill = settings.config.broker.fillTiming.rawValue
        sizing = settings.plan.sizing.description
        first_bar = result.firstTime.map(UTCTimestamp.iso8601)
        last_bar = result.lastTime.map(UTCTimestamp.iso8601)
        bars = result.bars
        trades = result.trades.count
        trades_by_strategy = Dictionary(grouping: result.trades, by: \.strategy).mapValues(\.count)
        fills = result.fills.count
        rejected_orders = result.rejections.count
        rejections_by_reason = Dictionary(grouping: result.rejections, by: \.reason.rawValue).mapValues(\.count)
        governor_events = result.governorEvents.map { "\(UTCTimestamp.iso8601($0.time)) \($0.kind.rawValue): \($0.detail)" }
        exits_by_reason = Dictionary(grouping: result.trades, by: \.exitReason.rawValue).mapValues(\.count)
        let figures = result.figures
        initial_cash = figures.initialCash.description
        final_equity = figures.finalEquity.description
        total_return = figures.totalReturn
        max_drawdown = figures.maxDrawdown
        profit_factor = figures.trades.profitFactor
        gross_profit = figures.trades.grossProfit.description
        gross_loss = figures.trades.grossLoss.description
        sharpe = figures.sharpe
        sortino = figures.sortino
        exposure = figures.exposure
        win_rate = figures.trades.winRate
        fees = figures.fees.description
        funding = figures.funding.description
        funding_payments = result.fundingPayments.count
        digest = result.digest
        load_seconds = loadSeconds
        engine_bars_per_second = engineBarsPerSecond
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// `reason: count` pairs in name order, so the text is the same on every run.
    private static func list(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "" : "(" + counts.keys.sorted().map { "\($0): \(counts[$0]!)" }.joined(separator: ", ") + ")"
    }

    func text() -> String {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.4f %%", $0 * 100) } ?? "n/a" }
        func number(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "n/a" }
        return """
            \(strategies.joined(separator: ", ")); feed \(base_timeframe), fill \(fill), sizing \(sizing)
            period            \(first_bar ?? "-") … \(last_bar ?? "-")
            bars              \(bars)
            trades            \(trades) (\(fills) fills; exits \(Self.list(exits_by_reason)))
            by strategy       \(Self.list(trades_by_strategy))
            rejected orders   \(rejected_orders) \(Self.list(rejections_by_reason))
            governor events   \(governor_events.count)\(governor_events.prefix(5).map { "\n  " + $0 }.joined())
            final equity      \(final_equity) (initial \(initial_cash))
            return            \(percent(total_return))
            max drawdown      \(percent(max_drawdown))
            profit factor     \(profit_factor.map { String(format: "%.4f", $0) } ?? (gross_loss == "0" && gross_profit != "0" ? "inf" : "n/a"))
            sharpe            \(number(sharpe))
            sortino           \(number(sortino))
            exposure          \(percent(exposure))
            win rate          \(percent(win_rate))
            fees              \(fees)
            funding paid      \(funding) (\(funding_payments) payments)
            digest            \(digest)
            data load         \(String(format: "%.3f", load_seconds)) s
            engine            \(String(format: "%.0f", engine_bars_per_second)) bars/s\(run_id == nil ? " (not recorded)" : " (recording included)")
            \(report.map { "run               \(run_id!) (report \($0), exported in \(String(format: "%.3f", export_seconds!)) s)" } ?? "run               not recorded (--no-record)")
            """
    }
}
