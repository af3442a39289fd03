import ProdCore

/// Loads what a backtest reads: the bars of every instrument at the run's base timeframe and the
/// funding rates of its USDT-M instruments (from files, or estimated from the spot premium).
enum BacktestData {
    static func load(_ settings: BacktestSettings, files: [VisionFile]) throws -> HistoricalFeed {
        let config = settings.config
        var bars: [[Bar]] = []
        var funding: [[FundingRateEvent]] = []
        for instrument in config.instruments {
            let source = try BarSource(files: files, symbol: instrument.symbol, market: instrument.market, timeframe: config.baseTimeframe)
            var series: [Bar] = []
            series.reserveCapacity(source.maximumBarCount)
            try source.forEachBar(in: settings.period) { series.append($0) }
            bars.append(series)
        }
        for instrument in config.instruments {
            let needsFunding = instrument.market == .usdm && settings.applyFunding
            funding.append(needsFunding ? try fundingRates(instrument.symbol, settings, files: files, loaded: bars) : [])
        }
        return HistoricalFeed(bars: bars, funding: funding, controls: settings.controls)
    }

    private static func fundingRates(
        _ symbol: String, _ settings: BacktestSettings, files: [VisionFile], loaded: [[Bar]]
    ) throws -> [FundingRateEvent] {
        let inPeriod = { (event: FundingRateEvent) in settings.period.contains(event.time) }
        if !settings.fundingFiles.isEmpty {
            let own = settings.fundingFiles.filter { ($0.split(separator: "/").last ?? "").hasPrefix("\(symbol)-fundingRate") }
            guard !own.isEmpty else {
                throw CLIError("--funding: no \(symbol)-fundingRate-… file among \(settings.fundingFiles.joined(separator: " "))")
            }
            return try own.sorted().flatMap { try FundingRateFile.read(path: $0) }.filter(inPeriod)
        }
        let perpetual = try closes(symbol, .usdm, settings, files: files, loaded: loaded)
        let spot: [TimedPrice]
        do {
            spot = try closes(symbol, .spot, settings, files: files, loaded: loaded)
        } catch {
            throw CLIError(
                "USDT-M funding for \(symbol): no --funding files and no spot \(symbol) klines to estimate it from; "
                    + "add spot data, give --funding files, or pass --no-funding")
        }
        return FundingRateEstimator.rates(perpetual: perpetual, spot: spot).filter(inPeriod)
    }

    /// 1m closes of a series: from the bars already loaded when the run's feed is 1m, else read again.
    private static func closes(
        _ symbol: String, _ market: Market, _ settings: BacktestSettings, files: [VisionFile], loaded: [[Bar]]
    ) throws -> [TimedPrice] {
        let config = settings.config
        if config.baseTimeframe == .m1, let index = config.index(of: InstrumentID(symbol: symbol, market: market)) {
            return loaded[index].map { TimedPrice(time: $0.openTime, price: $0.close) }
        }
        let source = try BarSource(files: files, symbol: symbol, market: market, timeframe: .m1)
        var closes: [TimedPrice] = []
        closes.reserveCapacity(source.maximumBarCount)
        try source.forEachBar(in: settings.period) { closes.append(TimedPrice(time: $0.openTime, price: $0.close)) }
        return closes
    }
}
