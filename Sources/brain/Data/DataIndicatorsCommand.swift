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
        let market = source.market ?? .spot
        let oneMinute = SeriesKey(instrument: InstrumentID(symbol: symbol, market: market), timeframe: .m1)
        let direct = SeriesKey(instrument: oneMinute.instrument, timeframe: timeframe)
        let groups = VisionFileLocator.groupBySeries(try source.files(paths))
        guard let group = groups.first(where: { $0.series == direct }) ?? groups.first(where: { $0.series == oneMinute })
        else {
            let found = groups.map { $0.series.description }.joined(separator: ", ")
            throw CLIError("no \(symbol) \(market) 1m or \(timeframe) files found (found: \(found))")
        }
        var set = IndicatorSet(specs)
        var writer = IndicatorCSVWriter(columns: set.columns)
        let record = { (bar: Bar) in
            set.update(bar)
            writer.append(openTime: bar.openTime, values: set.values())
        }
        let reader = SeriesReader(series: group.series, files: group.files)
        if group.series.timeframe == timeframe {
            try reader.read(record)
        } else {
            var aggregator = BarAggregator(timeframe: timeframe)
            try reader.read { minute in aggregator.add(minute) { record($0.bar) } }
        }
        try writer.write(to: out)
        print("wrote \(writer.rowCount) rows × \(set.columns.count) indicator columns to \(out)")
    }
}
