import ArgumentParser
import Foundation
import ProdCore

struct DataIndicatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Compute streaming indicators over kline files and write them as CSV.",
        discussion: """
            Indicators: sma:N ema:N rsi:N atr:N bb:N:K macd:FAST:SLOW:SIGNAL adx:N donchian:N \
            rvol:N zscore:N vwap:N roc:N. Columns are open_time (epoch ms) and one per output, \
            such as ema_20 or bb_upper_20_2; cells are empty during warm-up. --market picks the \
            series (default spot).
            """)

    @Option(name: .customLong("data"), parsing: .upToNextOption, help: "Kline files or folders (default: data/sample).")
    var paths: [String] = []

    @OptionGroup var source: DataSourceOptions

    @Option(help: "Symbol, such as BTCUSDT.")
    var symbol: String

    @Option(help: "Bar timeframe: 1m bars are aggregated up to it.")
    var timeframe: Timeframe = .m1

    @Option(help: "Comma-separated indicators, such as ema:20,rsi:14,bb:20:2.")
    var indicators: String

    @Option(help: "Output CSV file.")
    var out: String

    func validate() throws {
        do {
            _ = try IndicatorSpec.parseList(indicators)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let specs = try IndicatorSpec.parseList(indicators)
        let bars = try BarSource(
            files: try source.files(paths), symbol: symbol, market: source.market ?? .spot, timeframe: timeframe)
        var set = IndicatorSet(specs)
        var writer = IndicatorCSVWriter(columns: set.columns)
        try bars.forEachBar { bar in
            set.update(bar)
            writer.append(openTime: bar.openTime, values: set.values())
        }
        try writer.write(to: out)
        print("wrote \(writer.rowCount) rows × \(set.columns.count) indicator columns to \(out)")
    }
}
