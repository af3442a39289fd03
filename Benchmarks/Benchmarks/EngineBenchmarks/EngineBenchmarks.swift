import Benchmark
import BenchmarkSupport
import ProdCore

/// The full engine over spot BTCUSDT 1m 2022–2023 from ../shared/data/binance (override with
/// CRUPTO_BENCH_DATA), loading excluded. Skipped, with a message, when the data is absent.
let benchmarks: @Sendable () -> Void = {
    guard let files = BenchmarkData.spotBTCUSDT() else { return }
    let barsPerSecond = BenchmarkMetric.custom("bars_per_second", polarity: .prefersLarger, useScalingFactor: false)
    let instrument = Instrument(
        id: InstrumentID(symbol: "BTCUSDT", market: .spot), baseAsset: "BTC", quoteAsset: "USDT",
        tickSize: Price("0.01")!, stepSize: Quantity("0.00001")!, minNotional: Money("5")!,
        makerFee: Rate("0.001")!, takerFee: Rate("0.001")!)
    let config = BacktestConfig(
        instrument: instrument, initialCash: Money("10000")!, broker: BrokerConfig(fillTiming: .close),
        sizing: .fixed(Quantity("0.01")!),
        governance: GovernanceLimits(maxDailyLoss: Rate("0.03")!, maxGrossExposure: Rate("1")!, maxPositionNotional: Money("1000000")!))

    Benchmark(
        "Engine, ema_cross 20/50, 1,051,120 bars (loading excluded)",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident, barsPerSecond], maxDuration: .seconds(30), maxIterations: 10)
    ) { benchmark, bars in
        var engine = BacktestEngine(config: config, strategy: EMACross(parameters: ["fast": 20, "slow": 50]))
        let start = ContinuousClock.now
        for bar in bars { engine.process(bar) }
        let result = engine.finish()
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        blackHole(result.digest)
        benchmark.measurement(barsPerSecond, Int(Double(bars.count) / seconds))
    } setup: {
        try SeriesReader(series: files[0].series, files: files).readAll().bars
    }
}
