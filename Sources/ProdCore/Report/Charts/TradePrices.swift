import Foundation

/// The 1-minute prices a trades chart draws under its markers: a live run's stored bars, or the
/// Binance Vision files a replay read (their paths are in the run's `run_files`), limited to the
/// chart's window. `missing` says why there are none (a file moved since the run).
struct TradePrices {
    var closes: [(time: Int64, price: Double)] = []
    var missing: String?

    static func load(_ report: RunReport, instrument: InstrumentID, window: ClosedRange<Int64>) -> TradePrices {
        if let index = report.liveInstruments.first(where: { $0.value == instrument })?.key {
            return TradePrices(closes: report.liveBars.filter { $0.instrument == index && window.contains($0.bar.openTime) }
                .map { ($0.bar.openTime, $0.bar.close.doubleValue) })
        }
        let files = report.files.filter { $0.role == "data" }.compactMap { try? VisionFile(path: $0.path) }
            .filter { $0.series.instrument == instrument && $0.series.timeframe == .m1 && overlaps($0.period, window) }
        guard !files.isEmpty else { return TradePrices(missing: "no 1m data file of \(instrument) in this run's files") }
        var prices = TradePrices()
        do {
            try SeriesReader(series: files[0].series, files: files).read { bar in
                if window.contains(bar.openTime) { prices.closes.append((bar.openTime, bar.close.doubleValue)) }
            }
        } catch {
            return TradePrices(missing: "\(error)")
        }
        return prices
    }

    /// Whether a Vision file's month (`YYYY-MM`) or day (`YYYY-MM-DD`) meets the window.
    private static func overlaps(_ period: String, _ window: ClosedRange<Int64>) -> Bool {
        let day: Int64 = 86_400_000
        guard let start = UTCTimestamp.startOfDay(period.count == 7 ? period + "-01" : period) else { return true }
        let end = period.count == 7 ? start + 32 * day : start + day
        return start <= window.upperBound && end > window.lowerBound
    }
}
