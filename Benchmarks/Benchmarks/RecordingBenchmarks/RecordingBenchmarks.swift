import Benchmark
import BenchmarkSupport
import Foundation
import ProdCore

/// What recording costs: the full engine over spot BTCUSDT 1m 2022–2023 (ema_cross 20/50 on 1m,
/// so one equity point per minute: the heaviest case) unrecorded, then recorded in a new SQLite
/// database (batches of 10 000 inputs, a snapshot every 20), then the export of that run's report.
/// Loading the bars is excluded. Skipped, with a message, when ../shared/data is absent.
let benchmarks: @Sendable () -> Void = {
    guard let files = BenchmarkData.files(market: "spot/monthly") else { return }
    let barsPerSecond = BenchmarkMetric.custom("bars_per_second", polarity: .prefersLarger, useScalingFactor: false)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .peakMemoryResident, barsPerSecond], maxDuration: .seconds(60), maxIterations: 5)
    let spot = BenchmarkInstruments.spot
    let config = EngineConfig(
        instruments: [spot], initialCash: Money("10000")!, broker: BrokerConfig(fillTiming: .nextOpen),
        governance: BenchmarkInstruments.limits)
    let plan = Plan(
        source: "bench", entries: [PlanEntry(strategy: try! StrategySpec(parsing: "ema_cross:fast=20,slow=50"), instrument: spot.id, timeframe: .m1)])
    let load = { HistoricalFeed(bars: [try SeriesReader(series: files[0].series, files: files).readAll().bars]) }

    func folder() -> String {
        let path = NSTemporaryDirectory() + "crupto-bench-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func record(_ feed: HistoricalFeed, into path: String) throws -> (store: RunStore, run: Int64) {
        let store = RunStore(database: try CruptoDatabase(path: path + "/crupto.db"))
        var recorded = try RecordedRun.start(
            store: store, kind: "bench", settings: "{}", codeVersion: "bench", startedAt: "2026-01-01T00:00:00Z", config: config,
            plan: plan, recorder: RunRecorderProcess(pid: ProcessInfo.processInfo.processIdentifier, host: "bench"))
        try feed.forEach { try recorded.process($0) }
        blackHole(try recorded.finish(finishedAt: "2026-01-01T00:00:01Z").digest)
        return (store, recorded.run)
    }

    Benchmark("Replay unrecorded, ema_cross 1m, 1,051,120 bars", configuration: configuration) { benchmark, feed in
        var engine = try! TradingEngine(config: config, plan: plan)
        let start = ContinuousClock.now
        blackHole(feed.run(&engine).digest)
        benchmark.measurement(barsPerSecond, Int(Double(feed.barCount) / ((ContinuousClock.now - start) / .seconds(1))))
    } setup: { try load() }

    Benchmark("Replay recorded in SQLite, ema_cross 1m, 1,051,120 bars", configuration: configuration) { benchmark, feed in
        let path = folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let start = ContinuousClock.now
        blackHole(try! record(feed, into: path))
        benchmark.measurement(barsPerSecond, Int(Double(feed.barCount) / ((ContinuousClock.now - start) / .seconds(1))))
    } setup: { try load() }

    Benchmark("Report export of that run (1,051,120 equity points)", configuration: configuration) { (benchmark, recorded: RecordedBench) in
        for _ in benchmark.scaledIterations {
            blackHole(try! ReportExporter(store: recorded.store, reportsFolder: recorded.path + "/reports").export(run: recorded.run))
        }
    } setup: {
        let path = folder()
        let (store, run) = try record(try load(), into: path)
        return RecordedBench(store: store, run: run, path: path)
    }
}

/// A recorded run and its folder, set up once for the export benchmark.
struct RecordedBench {
    let store: RunStore
    let run: Int64
    let path: String
}
