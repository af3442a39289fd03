import Benchmark
import BenchmarkSupport
import Foundation
import ProdCore

/// Market-data throughput on the full real data set in ../shared/data/binance
/// (override with CRUPTO_BENCH_DATA). Skipped, with a message, when the data is absent.
let benchmarks: @Sendable () -> Void = {
    guard let spotFiles = BenchmarkData.spotBTCUSDT() else { return }
    let rowsPerSecond = BenchmarkMetric.custom("rows_per_second", polarity: .prefersLarger, useScalingFactor: false)
    let barsPerSecond = BenchmarkMetric.custom("bar_updates_per_second", polarity: .prefersLarger, useScalingFactor: false)

    Benchmark(
        "Vision read + validate: spot BTCUSDT 1m 2022-2023 (\(spotFiles.count) zips)",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident, rowsPerSecond], maxDuration: .seconds(30), maxIterations: 5)
    ) { benchmark in
        benchmark.measurement(rowsPerSecond, try ReadBenchmark.readRowsPerSecond(spotFiles))
    }

    Benchmark(
        "CSV read + validate: the same rows unzipped (parsing and checks without inflate)",
        configuration: .init(metrics: [.wallClock, rowsPerSecond], maxDuration: .seconds(30), maxIterations: 5)
    ) { benchmark, csvFiles in
        benchmark.measurement(rowsPerSecond, try ReadBenchmark.readRowsPerSecond(csvFiles))
    } setup: {
        try ReadBenchmark.unzipped(spotFiles)
    }

    let allIndicators = "sma:20,ema:20,rsi:14,atr:14,bb:20:2,macd:12:26:9,adx:14,donchian:20,rvol:20,zscore:20,vwap:20,roc:10"
    Benchmark(
        "Indicators, full set (12 kinds, 24 outputs) over 1,051,120 real 1m bars",
        configuration: .init(metrics: [.wallClock, barsPerSecond], maxDuration: .seconds(30), maxIterations: 10)
    ) { benchmark, bars in
        var set = IndicatorSet(try! IndicatorSpec.parseList(allIndicators))
        let start = ContinuousClock.now
        for bar in bars { set.update(bar) }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        blackHole(set.values())
        benchmark.measurement(barsPerSecond, Int(Double(bars.count) / seconds))
    } setup: {
        try SeriesReader(series: spotFiles[0].series, files: spotFiles).readAll().bars
    }
}

enum ReadBenchmark {
    /// Reads and validates every bar of `files`, which must be the whole 2022–2023 series.
    static func readRowsPerSecond(_ files: [VisionFile]) throws -> Int {
        let start = ContinuousClock.now
        var checksum: Int64 = 0
        let report = try SeriesReader(series: files[0].series, files: files).read { checksum &+= $0.close.raw }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        blackHole(checksum)
        precondition(report.bars == 1_051_120, "expected 1,051,120 bars, read \(report.bars)")
        return Int(Double(report.rows) / seconds)
    }

    /// The CSVs inside `files`, extracted once into a temporary `spot/` folder.
    static func unzipped(_ files: [VisionFile]) throws -> [VisionFile] {
        let folder = NSTemporaryDirectory() + "crupto-bench-csv/spot"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in files {
            let unzip = Process()
            unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
            unzip.arguments = ["-o", "-q", file.path, "-d", folder]
            try unzip.run()
            unzip.waitUntilExit()
        }
        return try VisionFileLocator.discover([folder])
    }
}
