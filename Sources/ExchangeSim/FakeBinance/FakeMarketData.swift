import Foundation
import ProdCore

/// The 1m bars the fake exchange serves, per instrument, read once from Binance Vision files (the
/// bundled sample or the real archive). Minutes missing in the files are missing on the fake too:
/// a real exchange gap stays a gap on both REST and the stream.
///
/// The funding rates it publishes for a perpetual are the ones a replay of the same files estimates
/// (`FundingRateEstimator` over the perpetual's and spot's 1m closes), so a live session and its
/// replay settle the same funding; a perpetual without spot data has none.
public struct FakeMarketData: Sendable {
    public let bars: [InstrumentID: [Bar]]
    /// Per perpetual symbol, its funding rates in time order.
    public let fundingRates: [String: [FundingRateEvent]]

    public init(bars: [InstrumentID: [Bar]]) {
        self.bars = bars
        var rates: [String: [FundingRateEvent]] = [:]
        for (instrument, perpetual) in bars where instrument.market == .usdm {
            guard let spot = bars[InstrumentID(symbol: instrument.symbol, market: .spot)] else { continue }
            rates[instrument.symbol] = FundingRateEstimator.rates(perpetual: perpetual.map(Self.close), spot: spot.map(Self.close))
        }
        fundingRates = rates
    }

    private static func close(_ bar: Bar) -> TimedPrice { TimedPrice(time: bar.openTime, price: bar.close) }

    /// Every 1m series found under `paths`.
    public static func load(paths: [String]) throws -> FakeMarketData {
        let files = try VisionFileLocator.discover(paths)
        var bars: [InstrumentID: [Bar]] = [:]
        for group in VisionFileLocator.groupBySeries(files) where group.series.timeframe == .m1 {
            let instrument = group.series.instrument
            let source = try BarSource(files: files, symbol: instrument.symbol, market: instrument.market, timeframe: .m1)
            var series: [Bar] = []
            try source.forEachBar { series.append($0) }
            bars[instrument] = series
        }
        return FakeMarketData(bars: bars)
    }

    /// The instrument's bars with open times in `from…through`.
    public func bars(_ instrument: InstrumentID, from: Int64, through: Int64) -> ArraySlice<Bar> {
        guard let series = bars[instrument] else { return [] }
        let lower = Self.firstIndex(series, atOrAfter: from)
        let upper = Self.firstIndex(series, atOrAfter: through + 1)
        return series[lower..<max(lower, upper)]
    }

    public func bar(_ instrument: InstrumentID, at openTime: Int64) -> Bar? {
        bars(instrument, from: openTime, through: openTime).first
    }

    private static func firstIndex(_ series: [Bar], atOrAfter time: Int64) -> Int {
        var low = 0
        var high = series.count
        while low < high {
            let middle = (low + high) / 2
            if series[middle].openTime < time { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
