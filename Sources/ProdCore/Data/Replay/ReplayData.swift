/// What a replay reads, resolved before reading it: the bars of every instrument at the run's
/// base timeframe and the funding rates of its USDT-M instruments (from files, or estimated from
/// the perpetual–spot premium). `paths` lists every file `load()` will read. `brain backtest` and
/// `prodcore-runner --feed replay` load through it, so the same flags give the same inputs.
public struct ReplayData: Sendable {
    public let period: Range<Int64>
    private let bars: [BarSource]
    private let funding: [FundingSource?]
    private let scheduled: [EngineInput]

    private enum FundingSource: Sendable {
        case files([String])
        /// 1m closes of the perpetual (`nil`: the run's own bars, already 1m) and of spot.
        case estimate(perpetual: BarSource?, spot: BarSource)
    }

    /// `fundingFiles` are Binance Vision fundingRate files; when empty, USDT-M funding is
    /// estimated from the spot premium. Without `applyFunding`, perpetuals pay no funding.
    public init(
        instruments: [Instrument], baseTimeframe: Timeframe, period: Range<Int64>, files: [VisionFile],
        fundingFiles: [String] = [], applyFunding: Bool = true, scheduled: [EngineInput] = []
    ) throws(ReplayDataError) {
        self.period = period
        self.scheduled = scheduled
        var bars: [BarSource] = []
        var funding: [FundingSource?] = []
        for instrument in instruments {
            do {
                bars.append(try BarSource(files: files, symbol: instrument.symbol, market: instrument.market, timeframe: baseTimeframe))
            } catch let error as ReplayDataError { throw error } catch { throw ReplayDataError("\(error)") }
            guard instrument.market == .usdm && applyFunding else {
                funding.append(nil)
                continue
            }
            funding.append(try Self.fundingSource(instrument.symbol, baseTimeframe, fundingFiles, files: files))
        }
        self.bars = bars
        self.funding = funding
    }

    public var paths: [String] {
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

    public func load() throws -> HistoricalFeed {
        var series: [[Bar]] = []
        for source in bars {
            var loaded: [Bar] = []
            loaded.reserveCapacity(source.maximumBarCount)
            try source.forEachBar(in: period) { loaded.append($0) }
            series.append(loaded)
        }
        let inPeriod = { (event: FundingRateEvent) in period.contains(event.time) }
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
        return HistoricalFeed(bars: series, funding: rates, scheduled: scheduled)
    }

    private func closes(_ source: BarSource) throws -> [TimedPrice] {
        var closes: [TimedPrice] = []
        closes.reserveCapacity(source.maximumBarCount)
        try source.forEachBar(in: period) { closes.append(TimedPrice(time: $0.openTime, price: $0.close)) }
        return closes
    }

    private static func fundingSource(
        _ symbol: String, _ baseTimeframe: Timeframe, _ fundingFiles: [String], files: [VisionFile]
    ) throws(ReplayDataError) -> FundingSource {
        if !fundingFiles.isEmpty {
            let own = fundingFiles.filter { ($0.split(separator: "/").last ?? "").hasPrefix("\(symbol)-fundingRate") }
            guard !own.isEmpty else {
                throw ReplayDataError("--funding: no \(symbol)-fundingRate-… file among \(fundingFiles.joined(separator: " "))")
            }
            return .files(own.sorted())
        }
        let spot: BarSource
        do {
            spot = try BarSource(files: files, symbol: symbol, market: .spot, timeframe: .m1)
        } catch {
            throw ReplayDataError(
                "USDT-M funding for \(symbol): no --funding files and no spot \(symbol) klines to estimate it from; "
                    + "add spot data, give --funding files, or pass --no-funding")
        }
        do {
            let perpetual = baseTimeframe == .m1 ? nil : try BarSource(files: files, symbol: symbol, market: .usdm, timeframe: .m1)
            return .estimate(perpetual: perpetual, spot: spot)
        } catch let error as ReplayDataError { throw error } catch { throw ReplayDataError("\(error)") }
    }
}

extension ReplayData {
    /// The event times from the start of day `from` to the end of day `to` (YYYY-MM-DD, UTC,
    /// both included; either may be open): what `--from` and `--to` select.
    /// `--from` (a day, or a UTC time `YYYY-MM-DDTHH:MM[:SS]Z`), `--to` (a day, included) and
    /// `--until` (a time or a day, excluded) as a range of open times.
    public static func period(from: String?, to: String?, until: String? = nil) throws(ReplayDataError) -> Range<Int64> {
        var start = Int64.min
        var end = Int64.max
        if let from {
            guard let time = UTCTimestamp.startOfDay(from) ?? UTCTimestamp.parseISO8601(from) else {
                throw ReplayDataError("--from: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z, got '\(from)'")
            }
            start = time
        }
        if let to {
            guard let day = UTCTimestamp.startOfDay(to) else { throw ReplayDataError("--to: expected YYYY-MM-DD, got '\(to)'") }
            end = day + 86_400_000
        }
        if let until {
            guard let time = UTCTimestamp.parseISO8601(until) ?? UTCTimestamp.startOfDay(until) else {
                throw ReplayDataError("--until: expected YYYY-MM-DDTHH:MM[:SS]Z or YYYY-MM-DD, got '\(until)'")
            }
            end = min(end, time)
        }
        guard start < end else { throw ReplayDataError("--from must be before --to/--until") }
        return start..<end
    }
}

extension ReplayData {
    /// `period` preceded by `days` of warm-up: what to read, and when trading starts (`.min`: no
    /// warm-up, for none asked or a period open at its start). `brain backtest --warm-up-days` and
    /// the runner's `warm_up_days` warm up alike, so the same flags give the same digest.
    public static func warmUp(_ period: Range<Int64>, days: Int) -> (read: Range<Int64>, tradingStart: Int64) {
        guard days > 0, period.lowerBound != .min else { return (period, .min) }
        return ((period.lowerBound - Int64(days) * 86_400_000)..<period.upperBound, period.lowerBound)
    }
}
