import ArgumentParser
import Foundation
import ProdCore

struct ReportChartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chart",
        abstract: "Draw a run's trades on one instrument's price over a chosen window (trades.svg).",
        discussion: """
            The report's own trades.svg shows the most-traded instrument over the week before its last exit; this \
            draws any instrument and window of a recorded run, with the trades entered and exited within it. Prices \
            come from the run's stored live bars or the data files it read (as recorded in the run).
            """)

    @Argument(help: "The run (brain report list).")
    var id: Int64

    @Option(help: "SYMBOL:MARKET, such as BTCUSDT:spot (default: the most-traded instrument).")
    var symbol: String?

    @Option(help: "First day of the window, YYYY-MM-DD (UTC; default: a week before --to).")
    var from: String?

    @Option(help: "Last day of the window, YYYY-MM-DD (UTC), included (default: the report's window).")
    var to: String?

    @Option(help: "The SVG file to write (default: trades_<run>_<symbol>_<from>_<to>.svg here).")
    var output: String?

    @OptionGroup var database: ReportDatabaseOption

    func run() throws {
        let report = try RunReport.load(try database.store(), run: id)
        let instrument: InstrumentID
        if let symbol {
            let entry = symbol.contains(":") ? symbol : symbol + ":spot"
            guard let parsed = try? RunnerConfig.universe([entry]).first else { throw ValidationError("--symbol \(symbol): not SYMBOL:MARKET (market spot or usdm)") }
            instrument = parsed
        } else {
            guard let busiest = TradesChart.busiestInstrument(report) else { throw ValidationError("run \(id) has no trade: name an instrument with --symbol") }
            instrument = busiest
        }
        let window = try window(report, instrument: instrument)
        let path = output ?? "trades_\(id)_\(instrument.symbol)_\(instrument.market)_\(UTCTimestamp.iso8601(window.lowerBound).prefix(10))_\(UTCTimestamp.iso8601(window.upperBound).prefix(10)).svg"
        do {
            try Data(TradesChart.svg(report, instrument: instrument, window: window).utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw CLIError("cannot write \(path): \(error.localizedDescription)")
        }
        let trades = TradesChart.trades(report, instrument: instrument, window: window).count
        print("\(path): \(trades) trades of \(instrument.symbol) \(instrument.market), \(UTCTimestamp.iso8601(window.lowerBound)) … \(UTCTimestamp.iso8601(window.upperBound))")
    }

    private func window(_ report: RunReport, instrument: InstrumentID) throws -> ClosedRange<Int64> {
        let day: Int64 = 86_400_000
        func date(_ text: String?, _ flag: String) throws -> Int64? {
            guard let text else { return nil }
            guard let start = UTCTimestamp.startOfDay(text) else { throw ValidationError("\(flag) \(text): not a YYYY-MM-DD date") }
            return start
        }
        let fallback = TradesChart.defaultWindow(report, instrument: instrument)
        let end = try date(to, "--to").map { $0 + day - 60_000 } ?? fallback?.upperBound
        let start = try date(from, "--from") ?? end.map { $0 - 7 * day } ?? fallback?.lowerBound
        guard let start, let end else { throw ValidationError("run \(id) has no bars: give --from and --to") }
        guard start <= end else { throw ValidationError("--from is after --to") }
        guard end - start <= 400 * day else { throw ValidationError("the window is longer than 400 days: choose a shorter one") }
        return start...end
    }
}
