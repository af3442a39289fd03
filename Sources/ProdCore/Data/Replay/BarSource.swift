/// The bars of one symbol and market at a timeframe, read from Vision files: files of that
/// timeframe when present, otherwise 1m files aggregated up to it.
public struct BarSource: Sendable {
    public let files: [VisionFile]
    public let sourceSeries: SeriesKey
    public let timeframe: Timeframe

    public init(files all: [VisionFile], symbol: String, market: Market, timeframe: Timeframe) throws {
        let instrument = InstrumentID(symbol: symbol, market: market)
        let groups = VisionFileLocator.groupBySeries(all)
        let direct = SeriesKey(instrument: instrument, timeframe: timeframe)
        let minutes = SeriesKey(instrument: instrument, timeframe: .m1)
        guard let group = groups.first(where: { $0.series == direct }) ?? groups.first(where: { $0.series == minutes }) else {
            let found = groups.map { $0.series.description }.joined(separator: ", ")
            throw ReplayDataError("no \(symbol) \(market) 1m or \(timeframe) files found (found: \(found))")
        }
        files = group.files
        sourceSeries = group.series
        self.timeframe = timeframe
    }

    /// An upper bound of the bars the files hold (31-day months), to size arrays once.
    public var maximumBarCount: Int {
        files.reduce(0) { $0 + ($1.period.count == 7 ? 31 : 1) } * 1440 / timeframe.minutes
    }

    /// Streams the closed bars with open times in `range`, stopping at the first malformed row.
    @discardableResult
    public func forEachBar(in range: Range<Int64> = Int64.min..<Int64.max, _ body: (Bar) throws -> Void) throws -> SeriesReport {
        let reader = SeriesReader(series: sourceSeries, files: files)
        if sourceSeries.timeframe == timeframe {
            return try reader.read { bar in if range.contains(bar.openTime) { try body(bar) } }
        }
        var aggregator = BarAggregator(timeframe: timeframe)
        return try reader.read { minute in
            try aggregator.add(minute) { closed in
                if range.contains(closed.bar.openTime) { try body(closed.bar) }
            }
        }
    }
}

/// Replay data that cannot be assembled: files missing for a series, funding without a source.
public struct ReplayDataError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
