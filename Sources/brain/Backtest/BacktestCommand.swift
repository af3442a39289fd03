import ArgumentParser
import Foundation
import ProdCore

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Run a strategy over historical bars in the deterministic engine.",
        discussion: """
            Prints bars, trades, final equity, return, max drawdown, profit factor, Sharpe, win rate, \
            fees, the run digest (SHA-256 of the input bars and the fills), data-load seconds and \
            engine bars per second (loading excluded). The same inputs always give the same digest.
            """)

    @Option(help: "Strategy and parameters, such as ema_cross:fast=20,slow=50; repeat for several. Each runs on every symbol.")
    var strategy: [String] = []

    @Option(help: "Symbol, or several separated by commas, such as BTCUSDT,ETHUSDT.")
    var symbol = "BTCUSDT"

    @Option(name: .customLong("data"), parsing: .upToNextOption, help: "Kline files or folders (default: data/sample).")
    var paths: [String] = []

    @OptionGroup var source: DataSourceOptions

    @Option(help: "Bar timeframe the strategies decide on, 1m bars aggregated up to it (default: each strategy's own, else 1m).")
    var timeframe: Timeframe?

    @Option(help: "First day, YYYY-MM-DD (UTC).")
    var from: String?

    @Option(help: "Last day, YYYY-MM-DD (UTC), included.")
    var to: String?

    @Option(name: .customLong("warm-up-days"), help: "Days before --from read to warm up indicators and strategies without trading (as the runner's warm_up_days).")
    var warmUpDays = 0

    @Option(help: "When market orders fill: next_open (default) or close.")
    var fill: FillTiming = .nextOpen

    @Option(name: .customLong("fee-bps"), help: "Fee per fill in basis points (default: the instrument's taker fee).")
    var feeBasisPoints: String?

    @Option(name: .customLong("slippage-bps"), help: "Fixed adverse slippage per market fill in basis points.")
    var slippageBasisPoints: Int64 = 0

    @Option(name: .customLong("impact-bps"), help: "Extra slippage in basis points for an order as large as the bar's volume (linear in the share).")
    var impactBasisPoints = 0.0

    @Option(name: .customLong("volatility-slippage"), help: "Extra slippage as this fraction of the last bar's (high − low) / close.")
    var volatilitySlippage = 0.0

    @Option(help: "Entry orders: market, or limit:OFFSET_BPS:TIMEOUT_BARS (a resting limit OFFSET_BPS from the close, maker fee).")
    var order = "market"

    @Option(name: .customLong("max-volume-share"), help: "Largest share of a bar's volume, in percent, one order may fill in that bar (the rest keeps working), or none.")
    var maxVolumeShare = "10"

    @Option(help: "all_in, fixed:QTY, risk:PCT (lose PCT % of equity at the stop), atr:PCT[:MULT] or kelly[:PCT[:CAP]].")
    var sizing = "all_in"

    @Option(help: "Initial cash in the quote currency.")
    var cash = "10000"

    @Option(name: .customLong("step-size"), help: "Override the instrument's quantity step (e.g. 0.00000001 to size like vectorbt).")
    var stepSize: String?

    @Option(name: .customLong("stop-loss-pct"), help: "Stop-loss distance from the entry price in percent.")
    var stopLossPercent: String?

    @Option(name: .customLong("take-profit-pct"), help: "Take-profit distance from the entry price in percent.")
    var takeProfitPercent: String?

    @Option(name: .customLong("break-even-pct"), help: "Raise the stop to break-even once price moved this percent in favour.")
    var breakEvenPercent: String?

    @Option(name: .customLong("trail-atr"), help: "ATR trailing stop as PERIOD:MULTIPLE, such as 14:3.")
    var trailATR: String?

    @Option(name: .customLong("trail-after-pct"), help: "Arm the trailing stop only once price moved this percent in favour.")
    var trailAfterPercent: String?

    @Option(name: .customLong("cooldown-bars"), help: "Bars without entries after a stop-loss exit.")
    var cooldownBars = 0

    @Option(name: .customLong("max-entries-per-hour"), help: "Cap on entries in any rolling hour.")
    var maxEntriesPerHour: Int?

    @Option(name: .customLong("max-open-positions"), help: "Most positions open at once across strategies and symbols.")
    var maxOpenPositions: Int?

    @Option(name: .customLong("max-position-notional"), help: "Largest position value of one strategy on one symbol.")
    var maxPositionNotional: String?

    @Option(name: .customLong("max-daily-loss-pct"), help: "Tighter max daily loss than the governance file (a looser one is refused).")
    var maxDailyLossPercent: String?

    @Option(name: .customLong("max-leverage"), help: "Tighter USDT-M leverage cap than the governance file (a looser one is refused).")
    var maxLeverage: String?

    @Option(name: .customLong("kill-switch"), help: "Engage the kill switch at TIME (2023-03-05T12:00:00Z), with ,flatten to close every position.")
    var killSwitch: [String] = []

    @Option(help: "Replay a runner's plans: JSON lines of plan messages (docs/protocol.md) with their decision_time. Without --strategy, nothing is enabled before the first plan.")
    var plans: String?

    @Option(parsing: .upToNextOption, help: "Binance Vision fundingRate files for USDT-M symbols (default: estimated from the spot premium).")
    var funding: [String] = []

    @Flag(name: .customLong("no-funding"), help: "Run USDT-M positions without funding payments.")
    var noFunding = false

    @Flag(name: .customLong("no-data-gate"),
          help: "Do not pause entries after gaps in the data (only to compare with engines that have no such gate).")
    var noDataGate = false

    @Option(help: "Instruments file.")
    var symbols = "configs/symbols.yaml"

    @Option(help: "Hard limits file (max daily loss, exposure).")
    var governance = "configs/governance.yaml"

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(help: "Also write the closed trades to this CSV file.")
    var trades: String?

    @OptionGroup var recording: RecordingOptions

    func run() throws {
        if let run = recording.resume {
            guard strategy.isEmpty else { throw CLIError("--resume continues run \(run) with its own flags: drop --strategy") }
            try BacktestRun.resume(run, options: recording)
        } else {
            try BacktestRun(command: self, arguments: Array(CommandLine.arguments.dropFirst(2))).execute(resuming: nil)
        }
    }
}

extension FillTiming: ExpressibleByArgument {}
