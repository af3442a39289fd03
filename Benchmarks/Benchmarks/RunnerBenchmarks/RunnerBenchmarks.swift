import Benchmark
import BenchmarkSupport
import BrainOrchestrator
import Foundation
import ProdCore

/// The runner over its socket, as a separate process (the release `prodcore-runner`; build it
/// first with `swift build -c release --product prodcore-runner` in the repository root):
/// * plan round trip: send a plan, wait for its `ack` — validated, journaled, committed — on a
///   free-running runner whose feed barely moves (`--speed 1`); one iteration per plan;
/// * lockstep replay of spot BTCUSDT 1m 2022–2023 with 5m decision points and a trivial brain
///   that answers `no_change`: decision points per second. Skipped when ../shared/data is absent.
let benchmarks: @Sendable () -> Void = {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    let executable = repository + "/.build/release/prodcore-runner"
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        print("SKIPPED: build \(executable) first: swift build -c release --product prodcore-runner")
        return
    }

    func start(_ arguments: [String]) -> (process: Process, client: RunnerClient, folder: String) {
        let folder = NSTemporaryDirectory() + "crupto-bench-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--socket", folder + "/run/s.sock", "--db", folder + "/c.db", "--reports", folder + "/reports"]
        process.currentDirectoryURL = URL(fileURLWithPath: repository)
        process.standardError = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        try! process.run()
        _ = output.fileHandleForReading.availableData  // "run N listening on …"
        let client = try! RunnerClient(socketPath: folder + "/run/s.sock", timeout: .seconds(600))
        try! client.send(.hello(.init(client: "bench")))
        return (process, client, folder)
    }

    let btc = InstrumentID(symbol: "BTCUSDT", market: .spot)
    let bodies = ["ema_cross:fast=5,slow=20", "range_rev_5m"].map { try! StrategySpec(parsing: $0) }
    var counter = 0
    // The framework's teardown gets no argument: the runner to stop is kept here.
    let started = StartedRunner()
    Benchmark(
        "Plan round trip (send → ack), free-running runner",
        configuration: .init(metrics: [.wallClock], maxDuration: .seconds(120), maxIterations: 10_000)
    ) { (benchmark: Benchmark, runner: (process: Process, client: RunnerClient, folder: String)) in
        for _ in benchmark.scaledIterations {
            counter += 1
            let plan = Plan(
                id: "bench-\(counter)", source: "bench",
                entries: [PlanEntry(strategy: bodies[counter % 2], instrument: btc, timeframe: .m15)])
            try! runner.client.send(.plan(.init(plan: plan)))
            blackHole(try! runner.client.receive { if case .ack(let answer) = $0 { answer } else { nil } })
        }
    } setup: {
        let runner = start(["--speed", "1", "--heartbeat-timeout", "3600"])
        _ = try! runner.client.receive { if case .welcome(let welcome) = $0 { welcome } else { nil } }
        started.process = runner.process
        return runner
    } teardown: {
        started.process?.terminate()
        started.process?.waitUntilExit()
    }

    guard BenchmarkData.spotBTCUSDT() != nil else { return }
    let decisionsPerSecond = BenchmarkMetric.custom("decisions_per_second", polarity: .prefersLarger, useScalingFactor: false)
    Benchmark(
        "Lockstep replay, spot BTCUSDT 1m 2022–2023, 5m decisions, no_change brain",
        configuration: .init(metrics: [.wallClock, decisionsPerSecond], maxDuration: .seconds(600), maxIterations: 1)
    ) { benchmark in
        let runner = start(["--lockstep", "--decision-interval", "5m", "--data", BenchmarkData.root + "/spot/monthly/klines/BTCUSDT/1m"])
        var decisions = 0
        let started = ContinuousClock.now
        benchmark.startMeasurement()
        loop: while true {
            switch try! runner.client.receive() {
            case .snapshot(let snapshot):
                decisions += 1
                try! runner.client.send(.noChange(.init(decisionTime: snapshot.decisionTime)))
            case .status(let status) where status.state == .finished: break loop
            default: break
            }
        }
        benchmark.stopMeasurement()
        let seconds = Double((ContinuousClock.now - started).components.attoseconds) * 1e-18 + Double((ContinuousClock.now - started).components.seconds)
        benchmark.measurement(decisionsPerSecond, Int(Double(decisions) / seconds))
        runner.process.waitUntilExit()
    }
}

final class StartedRunner: @unchecked Sendable {
    var process: Process?
}
