/// Every metric the runner exports, and what both processes export about themselves: name, type
/// and help text (docs/metrics.md is the same list for people; the brain's own metrics are
/// declared beside it, in BrainOrchestrator's `MetricCatalog+Brain.swift`). The exposition adds the help as `# HELP` lines; the dashboards and alert
/// rules may use these names only (a test checks both against real scrapes).
public enum MetricCatalog {
    public enum Kind: String, Sendable { case counter, gauge, histogram }

    public struct Entry: Sendable {
        public let name: String
        public let kind: Kind
        public let labels: [String]
        public let help: String

        public init(name: String, kind: Kind, labels: [String], help: String) {
            self.name = name
            self.kind = kind
            self.labels = labels
            self.help = help
        }
    }

    // The runner.
    public static let equity = "crupto_equity_usdt"
    public static let cash = "crupto_cash_usdt"
    public static let realizedPnL = "crupto_realized_pnl_usdt"
    public static let unrealizedPnL = "crupto_unrealized_pnl_usdt"
    public static let drawdown = "crupto_drawdown_ratio"
    public static let dayLoss = "crupto_day_loss_usdt"
    public static let dayLossLimit = "crupto_day_loss_limit_usdt"
    public static let grossExposure = "crupto_gross_exposure_usdt"
    public static let openPositions = "crupto_open_positions"
    public static let orders = "crupto_orders_total"
    public static let fills = "crupto_fills_total"
    public static let orderRejects = "crupto_order_rejects_total"
    public static let governorHalted = "crupto_governor_halted"
    public static let killSwitch = "crupto_kill_switch"
    public static let safeMode = "crupto_safe_mode"
    public static let plansApplied = "crupto_plans_applied_total"
    public static let plansRejected = "crupto_plans_rejected_total"
    public static let bars = "crupto_feed_bars_total"
    public static let gaps = "crupto_feed_gaps_total"
    public static let reconnects = "crupto_feed_reconnects_total"
    public static let feedLag = "crupto_feed_lag_seconds"
    public static let eventTime = "crupto_feed_event_time_seconds"
    public static let commitDuration = "crupto_db_commit_duration_seconds"
    public static let databaseSize = "crupto_db_size_bytes"
    public static let databaseErrors = "crupto_db_errors_total"
    public static let decisionPoints = "crupto_decision_points_total"
    public static let brainConnected = "crupto_runner_brain_connected"
    // Both.
    public static let residentMemory = "process_resident_memory_bytes"
    public static let cpuSeconds = "process_cpu_seconds_total"
    public static let startTime = "process_start_time_seconds"

    public static let runner: [Entry] = [
        Entry(name: equity, kind: .gauge, labels: [], help: "Equity (cash + positions at their marks), in the quote currency."),
        Entry(name: cash, kind: .gauge, labels: [], help: "Cash, in the quote currency."),
        Entry(name: realizedPnL, kind: .gauge, labels: [], help: "Profit and loss of closed round trips, after fees and funding."),
        Entry(name: unrealizedPnL, kind: .gauge, labels: [], help: "Equity less the initial cash and the realized profit and loss."),
        Entry(name: drawdown, kind: .gauge, labels: [], help: "Fall of equity from its peak, as a fraction (0.05 = 5 %)."),
        Entry(name: dayLoss, kind: .gauge, labels: [], help: "Loss since the start of the UTC day (negative: a gain)."),
        Entry(name: dayLossLimit, kind: .gauge, labels: [], help: "The day loss at which the governor halts entries until the next UTC day."),
        Entry(name: grossExposure, kind: .gauge, labels: [], help: "Value of all open positions at their marks."),
        Entry(name: openPositions, kind: .gauge, labels: [], help: "Open positions (strategy slots with a quantity)."),
        Entry(name: orders, kind: .counter, labels: [], help: "Orders placed by the paper broker."),
        Entry(name: fills, kind: .counter, labels: [], help: "Fills of the paper broker."),
        Entry(name: orderRejects, kind: .counter, labels: ["reason"], help: "Orders rejected, by reason."),
        Entry(name: governorHalted, kind: .gauge, labels: [], help: "1 while the governor blocks entries for the rest of the UTC day (max daily loss)."),
        Entry(name: killSwitch, kind: .gauge, labels: [], help: "1 while the kill switch is engaged."),
        Entry(name: safeMode, kind: .gauge, labels: [], help: "1 while the runner is in safe mode (the brain went silent)."),
        Entry(name: plansApplied, kind: .counter, labels: [], help: "Plans the runner applied."),
        Entry(name: plansRejected, kind: .counter, labels: [], help: "Plans the runner rejected (the previous plan stayed)."),
        Entry(name: bars, kind: .counter, labels: ["symbol", "market"], help: "Bars the feed delivered."),
        Entry(name: gaps, kind: .counter, labels: [], help: "Gaps in the bars (entries paused until indicators are warm again)."),
        Entry(name: reconnects, kind: .counter, labels: [], help: "Reconnections of a live feed (0 when replaying files)."),
        Entry(name: feedLag, kind: .gauge, labels: [], help: "Wall seconds since the feed last delivered an input (to within one scrape interval)."),
        Entry(name: eventTime, kind: .gauge, labels: [], help: "Event time of the last input, in Unix seconds."),
        Entry(name: commitDuration, kind: .histogram, labels: [], help: "Wall time of a journal commit to SQLite."),
        Entry(name: databaseSize, kind: .gauge, labels: [], help: "Size of the SQLite database file."),
        Entry(name: databaseErrors, kind: .counter, labels: [], help: "Failed database writes (the run stops at the first)."),
        Entry(name: decisionPoints, kind: .counter, labels: [], help: "Decision points the runner asked the brain about."),
        Entry(name: brainConnected, kind: .gauge, labels: [], help: "1 while a brain is connected to the runner's socket."),
    ] + process

    public static let process: [Entry] = [
        Entry(name: residentMemory, kind: .gauge, labels: [], help: "Resident memory of the process."),
        Entry(name: cpuSeconds, kind: .counter, labels: [], help: "User and system CPU time of the process."),
        Entry(name: startTime, kind: .gauge, labels: [], help: "Start time of the process, in Unix seconds."),
    ]
}
