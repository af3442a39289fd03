import ArgumentParser
import ExchangeSim
import Foundation
import ProdCore

/// `brain fake-exchange`: a fake Binance on loopback, serving Vision files on its own clock, so
/// live mode can be tried (and tested, and soaked) without the internet.
struct FakeExchangeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-exchange",
        abstract: "Serve Binance's public REST and WebSocket kline data from Vision files on 127.0.0.1 (for --feed live offline).",
        discussion: """
            Prints the flags that point `brain start --feed live` at it and serves until Ctrl-C or \
            SIGTERM. Its clock starts at --start and runs --speed times faster than the wall clock. \
            --faults FILE scripts drops, silences, zombies, duplicates and REST errors (docs/live.md).
            """)

    @Option(name: .customLong("data"), parsing: .upToNextOption, help: "Kline files or folders (default: data/sample).")
    var paths: [String] = []

    @Option(help: "Exchange time at start, YYYY-MM-DDTHH:MMZ or a day (default: the first minute of the data).")
    var start: String?

    @Option(help: "Exchange seconds per wall second.")
    var speed = 1.0

    @Option(help: "Port on 127.0.0.1 (0 = any free port).")
    var port = 0

    @Option(help: "Scripted faults (YAML, docs/live.md).")
    var faults: String?

    @Option(name: .customLong("symbols-file"), help: "The instruments and filters exchangeInfo lists.")
    var symbolsFile = "configs/symbols.yaml"

    func validate() throws {
        guard speed.isFinite, (0.001...100_000).contains(speed) else { throw ValidationError("--speed: expected 0.001…100000, got \(speed)") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port: expected 0…65535, got \(port)") }
        if let start, UTCTimestamp.parseISO8601(start) ?? UTCTimestamp.startOfDay(start) == nil {
            throw ValidationError("--start: expected YYYY-MM-DDTHH:MMZ or YYYY-MM-DD, got '\(start)'")
        }
    }

    func run() throws {
        let scripted = try faults.map { path in
            do { return try FakeBinanceFaults.load(from: path) } catch { throw CLIError("\(error)") }
        } ?? FakeBinanceFaults()
        let instruments: [Instrument]
        do { instruments = try InstrumentCatalog.load(from: symbolsFile).instruments } catch { throw CLIError("\(error)") }
        let data = try FakeMarketData.load(paths: paths.isEmpty ? [DataSourceOptions.samplePath] : paths)
        guard let first = data.bars.values.compactMap(\.first?.openTime).min() else { throw CLIError("no 1m kline files under \(paths)") }
        let startTime = start.flatMap { UTCTimestamp.parseISO8601($0) ?? UTCTimestamp.startOfDay($0) } ?? first
        let clock = FakeExchangeClock(start: startTime, speed: speed)
        let (requestedPort, faults) = (port, scripted)
        let server = try BlockingAsync.run {
            try await FakeBinanceServer.start(data: data, clock: clock, faults: faults, instruments: instruments, port: requestedPort)
        }
        let series = data.bars.keys.sorted { $0.description < $1.description }.map(\.description).joined(separator: ", ")
        // Unbuffered: a script reads the flags while this keeps running.
        FileHandle.standardOutput.write(Data("""
            fake Binance on 127.0.0.1:\(server.port): \(series); clock from \(UTCTimestamp.iso8601(startTime)) at \(speed)×
            brain start --feed live \(server.feedFlags.joined(separator: " "))

            """.utf8))
        let stopped = DispatchSemaphore(value: 0)
        let signals = TerminationSignals.handle { _ in stopped.signal() }
        stopped.wait()
        signals.forEach { $0.cancel() }
        try BlockingAsync.run { await server.stop() }
    }
}
