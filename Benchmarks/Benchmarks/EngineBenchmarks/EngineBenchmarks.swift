import Benchmark
import BenchmarkSupport
import ProdCore

/// The full engine over BTCUSDT 1m 2022–2023 from ../shared/data/binance (override with
/// CRUPTO_BENCH_DATA), loading excluded: ema_cross alone on spot, and all four strategies at once
/// (three on spot, funding_rev on the USDT-M perpetual with funding estimated from the premium).
/// Skipped, with a message, when the data is absent.
let benchmarks: @Sendable () -> Void = {
    guard let spotFiles = BenchmarkData.files(market: "spot/monthly"), let perpetualFiles = BenchmarkData.files(market: "futures/um/monthly")
    else { return }
    let barsPerSecond = BenchmarkMetric.custom("bars_per_second", polarity: .prefersLarger, useScalingFactor: false)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .peakMemoryResident, barsPerSecond], maxDuration: .seconds(30), maxIterations: 10)
    let spot = BenchmarkInstruments.spot
    let perpetual = BenchmarkInstruments.perpetual
    let limits = BenchmarkInstruments.limits

    func entry(_ spec: String, _ instrument: Instrument, _ timeframe: Timeframe) -> PlanEntry {
        PlanEntry(strategy: try! StrategySpec(parsing: spec), instrument: instrument.id, timeframe: timeframe)
    }

    func measure(_ benchmark: Benchmark, _ feed: HistoricalFeed, _ instruments: [Instrument], _ entries: [PlanEntry]) {
        let config = EngineConfig(instruments: instruments, initialCash: Money("10000")!, broker: BrokerConfig(fillTiming: .close), governance: limits)
        var engine = try! TradingEngine(config: config, plan: Plan(source: "bench", entries: entries, sizing: .fixed(Quantity("0.01")!)))
        let start = ContinuousClock.now
        let result = feed.run(&engine)
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        blackHole(result.digest)
        benchmark.measurement(barsPerSecond, Int(Double(feed.barCount) / seconds))
    }

    Benchmark("Engine, ema_cross 20/50, 1,051,120 bars (loading excluded)", configuration: configuration) { benchmark, feed in
        measure(benchmark, feed, [spot], [entry("ema_cross:fast=20,slow=50", spot, .m1)])
    } setup: {
        HistoricalFeed(bars: [try SeriesReader(series: spotFiles[0].series, files: spotFiles).readAll().bars])
    }

    Benchmark("Engine, all four strategies, spot + perpetual, 2.1 M bars (loading excluded)", configuration: configuration) { benchmark, feed in
        measure(benchmark, feed, [spot, perpetual], [
            entry("ema_cross:fast=20,slow=50", spot, .m1), entry("range_rev_5m", spot, .m5), entry("breakout_4h", spot, .h4),
            entry("funding_rev", perpetual, .h1),
        ])
    } setup: {
        let spotBars = try SeriesReader(series: spotFiles[0].series, files: spotFiles).readAll().bars
        let perpetualBars = try SeriesReader(series: perpetualFiles[0].series, files: perpetualFiles).readAll().bars
        let funding = FundingRateEstimator.rates(
            perpetual: perpetualBars.map { TimedPrice(time: $0.openTime, price: $0.close) },
            spot: spotBars.map { TimedPrice(time: $0.openTime, price: $0.close) })
        return HistoricalFeed(bars: [spotBars, perpetualBars], funding: [[], funding])
    }
}
