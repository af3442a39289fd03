import ProdCore

/// What a backtest reads, resolved before reading it: the bars of every instrument at the run's
/// base timeframe and the funding rates of its USDT-M instruments (from files, or estimated from
/// the perpetual–spot premium). `paths` lists every file `load()` will read.
struct BacktestData {
    let settings: BacktestSettings
    private let bars: [BarSource]
    private let funding: [FundingSource?]

    private enum FundingSource {
        case files([String])
        /// 1m closes of the perpetual (`nil`: the run's own bars, already 1m) and of spot.
        case estimate(perpetual: BarSource?, spot: BarSource)
    }

    init(_ settings: BacktestSettings, files: [VisionFile]) throws {
        self.settings = settings
        let config = settings.config
        bars = try config.instruments.map {
            try BarSource(files: files, symbol: $0.symbol, market: $0.market, timeframe: config.baseTimeframe)
        }
        funding = try config.instruments.map { instrument in
            guard instrument.market == .usdm && settings.applyFunding else { return nil }
            return try Self.fundingSource(instrument.symbol, settings, files: files)
        }
    }

    var paths: [String] {
        var paths = bars.flatMap { $0.files.map(\.path) }
        for source in funding {
            switch source {
            case .files(let files): paths += files
            case .estimate(let perpetual, let spot): paths += (perpetual?.files ?? []).map(\.path) + spot.files.map(\.path)
            case nil: break
            }
        }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }

    func load() throws -> HistoricalFeed {
        var series: [[Bar]] = []
        for source in bars {
            var loaded: [Bar] = []
            loaded.reserveCapacity(source.maximumBarCount)
            try source.forEachBar(in: settings.period) { loaded.append($0) }
            series.append(loaded)
        }
        let inPeriod = { (event: FundingRateEvent) in settings.period.contains(event.time) }
        let rates = try funding.indices.map { index -> [FundingRateEvent] in
            switch funding[index] {
            case nil: return []
            case .files(let files): return try files.flatMap { try FundingRateFile.read(path: $0) }.filter(inPeriod)
            case .estimate(let perpetual, let spot):
                let own = series[index].map { TimedPrice(time: $0.openTime, price: $0.close) }
                return FundingRateEstimator.rates(
                    perpetual: try perpetual.map(closes) ?? own, spot: try closes(spot)).filter(inPeriod)
            }
        }
        return HistoricalFeed(bars: series, funding: rates, controls: settings.controls)
    }

    private func closes(_ source: BarSource) throws -> [TimedPrice] {
        var closes: [TimedPrice] = []
        closes.reserveCapacity(source.maximumBarCount)
        try source.forEachBar(in: settings.period) { closes.append(TimedPrice(time: $0.openTime, price: $0.close)) }
        return closes
    }

    private static func fundingSource(_ symbol: String, _ settings: BacktestSettings, files: [VisionFile]) throws -> FundingSource {
        if !settings.fundingFiles.isEmpty {
            let own = settings.fundingFiles.filter { ($0.split(separator: "/").last ?? "").hasPrefix("\(symbol)-fundingRate") }
            guard !own.isEmpty else {
                throw CLIError("--funding: no \(symbol)-fundingRate-… file among \(settings.fundingFiles.joined(separator: " "))")
            }
            return .files(own.sorted())
        }
        let spot: BarSource
        do {
            spot = try BarSource(files: files, symbol: symbol, market: .spot, timeframe: .m1)
        } catch {
            throw CLIError(
                "USDT-M funding for \(symbol): no --funding files and no spot \(symbol) klines to estimate it from; "
                    + "add spot data, give --funding files, or pass --no-funding")
        }
        let perpetual = settings.config.baseTimeframe == .m1
            ? nil : try BarSource(files: files, symbol: symbol, market: .usdm, timeframe: .m1)
        return .estimate(perpetual: perpetual, spot: spot)
    }
}
