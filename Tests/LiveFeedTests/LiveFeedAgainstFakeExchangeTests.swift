import ExchangeSim
import Foundation
import ProdCore
import Testing

/// The live feed against the fake Binance serving the bundled sample (real Binance Vision data):
/// whatever the exchange does, the bars that come out are the Vision rows of the window, each once,
/// in order.
@Suite(.serialized)
struct LiveFeedAgainstFakeExchangeTests {
    static let sample = FakeMarketDataCache.sample
    static let btcSpot = InstrumentID(symbol: "BTCUSDT", market: .spot)
    static let btcPerp = InstrumentID(symbol: "BTCUSDT", market: .usdm)
    static let ethPerp = InstrumentID(symbol: "ETHUSDT", market: .usdm)
    static func time(_ text: String) -> Int64 { UTCTimestamp.parseISO8601(text)! }

    /// Runs a feed from `start` to `until` against a fake whose clock starts at `exchangeStart`.
    static func collect(
        instruments: [InstrumentID], start: String, until: String, exchangeStart: String, speed: Double = 3_000,
        faults: FakeBinanceFaults = .init(), rotateAfter: Int64? = nil, listed: [Instrument] = [], configured: [Instrument] = []
    ) async throws -> (bars: [LiveBar], report: LiveFeed.Report, served: FakeBinanceServer.Served) {
        let (inputs, report, served) = try await collectInputs(
            instruments: instruments, start: start, until: until, exchangeStart: exchangeStart, speed: speed, faults: faults,
            rotateAfter: rotateAfter, listed: listed, configured: configured)
        return (inputs.compactMap { if case .bar(let bar) = $0 { bar } else { nil } }, report, served)
    }

    /// Every input the feed settled, bars and funding rates, in the order it handed them out.
    static func collectInputs(
        instruments: [InstrumentID], start: String, until: String, exchangeStart: String, speed: Double = 3_000,
        faults: FakeBinanceFaults = .init(), rotateAfter: Int64? = nil, listed: [Instrument] = [], configured: [Instrument] = []
    ) async throws -> (inputs: [LiveInput], report: LiveFeed.Report, served: FakeBinanceServer.Served) {
        let server = try await FakeBinanceServer.start(
            data: try sample(), clock: FakeExchangeClock(start: time(exchangeStart), speed: speed), faults: faults, instruments: listed)
        var settings = LiveFeed.Settings(endpoints: server.endpoints, instruments: instruments)
        settings.start = time(start)
        settings.until = time(until)
        if let rotateAfter { settings.rotateAfterMilliseconds = rotateAfter }
        settings.configured = configured
        let feed = try LiveFeed(settings)
        try await feed.start()
        var inputs: [LiveInput] = []
        let deadline = ContinuousClock.now + .seconds(120)
        polling: while ContinuousClock.now < deadline {
            switch feed.poll() {
            case .inputs(let more): inputs += more
            case .pending: try await Task.sleep(for: .milliseconds(5))
            case .ended: break polling
            }
        }
        let report = feed.report
        await feed.stop()
        let served = server.served
        await server.stop()
        return (inputs, report, served)
    }

    /// The sample's rows of `instrument` in the window, as the files hold them.
    static func expected(_ instrument: InstrumentID, from: String, until: String) throws -> [Bar] {
        Array(try sample().bars(instrument, from: time(from), through: time(until) - 1))
    }

    @Test func aWindowPartlyInThePastIsBackfilledThenStreamedWithEveryBarOnce() async throws {
        let (bars, report, served) = try await Self.collect(
            instruments: [Self.btcSpot], start: "2023-03-01T00:00Z", until: "2023-03-01T02:00Z", exchangeStart: "2023-03-01T01:00Z")
        #expect(bars.map(\.bar) == (try Self.expected(Self.btcSpot, from: "2023-03-01T00:00Z", until: "2023-03-01T02:00Z")))
        #expect(bars.count == 120)
        #expect(bars.contains { $0.source == .rest } && bars.contains { $0.source == .ws }, "the first hour from REST, then the stream")
        #expect(report.bars.conflicts == 0 && report.bars.gapMinutes == 0)
        #expect(served.streamConnections >= 1 && served.closedKlinesSent > 0)
    }

    /// Three instruments in two markets while the stream drops, skips ten minutes, sends every
    /// kline twice, and REST answers 500 then 429 for a while: every bar once, in input order.
    @Test func dropsSilencesDuplicatesAndRESTErrorsLoseAndInventNothing() async throws {
        var faults = FakeBinanceFaults()
        faults.dropStreamsAt = [Self.time("2023-03-01T01:20Z"), Self.time("2023-03-01T01:50Z")]
        faults.streamSilent = [.init(from: Self.time("2023-03-01T01:30Z"), to: Self.time("2023-03-01T01:40Z"))]
        faults.duplicateKlines = true
        faults.restErrors = [
            .init(window: .init(from: Self.time("2023-03-01T00:00Z"), to: Self.time("2023-03-01T01:03Z")), status: 500, retryAfterSeconds: 0),
            .init(window: .init(from: Self.time("2023-03-01T01:33Z"), to: Self.time("2023-03-01T01:36Z")), status: 429, retryAfterSeconds: 1),
        ]
        let instruments = [Self.btcSpot, Self.btcPerp, Self.ethPerp]
        let (bars, report, served) = try await Self.collect(
            instruments: instruments, start: "2023-03-01T00:30Z", until: "2023-03-01T02:00Z", exchangeStart: "2023-03-01T01:00Z", faults: faults)
        for (index, instrument) in instruments.enumerated() {
            #expect(bars.filter { $0.instrument == index }.map(\.bar) == (try Self.expected(instrument, from: "2023-03-01T00:30Z", until: "2023-03-01T02:00Z")))
        }
        let order = bars.map { ($0.bar.openTime, $0.instrument) }
        #expect(zip(order, order.dropFirst()).allSatisfy { $0 < $1 }, "by open time, then instrument")
        #expect(report.bars.duplicates > 0 && report.bars.conflicts == 0 && report.bars.gapMinutes == 0)
        #expect(report.reconnects >= 2 * 2, "both markets' streams were dropped twice")
        #expect(served.restErrors > 0, "the fake did answer with errors")
    }

    /// A stream that stays open but sends nothing is dropped and reopened; its minutes come from REST.
    @Test func aQuietStreamIsReopenedAndItsMinutesBackfilled() async throws {
        var faults = FakeBinanceFaults()
        // Three hours of exchange time: 3.6 s of wall time at 3,000×, longer than the 2 s of wall
        // time a quiet stream must also last before it counts as dead.
        faults.zombie = [.init(from: Self.time("2023-03-01T01:10Z"), to: Self.time("2023-03-01T04:10Z"))]
        let (bars, report, _) = try await Self.collect(
            instruments: [Self.btcSpot], start: "2023-03-01T01:00Z", until: "2023-03-01T04:30Z", exchangeStart: "2023-03-01T01:00Z", faults: faults)
        #expect(bars.map(\.bar) == (try Self.expected(Self.btcSpot, from: "2023-03-01T01:00Z", until: "2023-03-01T04:30Z")))
        #expect(report.zombies >= 1)
    }

    /// A connection is replaced before the exchange's lifetime cuts it (here 90 minutes, rotated
    /// at 60): the new one opens beside the old, which closes once the new one delivers; no
    /// reconnect, no minute needs REST after the start.
    @Test func connectionsAreReplacedBeforeTheirLifetimeEndsWithoutABreak() async throws {
        var faults = FakeBinanceFaults()
        faults.connectionLifetime = 90 * 60_000
        let (bars, report, _) = try await Self.collect(
            instruments: [Self.btcSpot, Self.btcPerp], start: "2023-03-01T01:00Z", until: "2023-03-01T05:00Z", exchangeStart: "2023-03-01T01:00Z",
            faults: faults, rotateAfter: 60 * 60_000)
        for (index, instrument) in [Self.btcSpot, Self.btcPerp].enumerated() {
            #expect(bars.filter { $0.instrument == index }.map(\.bar) == (try Self.expected(instrument, from: "2023-03-01T01:00Z", until: "2023-03-01T05:00Z")))
        }
        #expect(report.rotations >= 4, "two markets, rotated about every hour: \(report)")
        #expect(report.reconnects == 0, "never cut by the exchange: \(report)")
    }

    /// The exchange's filters are compared with the symbols file at start: equal ones say nothing,
    /// a different tick size is reported with both values.
    @Test func filtersThatDifferFromTheSymbolsFileAreReported() async throws {
        let catalog = try InstrumentCatalog.load(from: TestPaths.repository + "/configs/symbols.yaml").instruments
        let configured = catalog.filter { [Self.btcSpot, Self.btcPerp].contains($0.id) }
        let same = try await Self.collect(
            instruments: [Self.btcSpot, Self.btcPerp], start: "2023-03-01T01:00Z", until: "2023-03-01T01:10Z", exchangeStart: "2023-03-01T01:00Z",
            listed: catalog, configured: configured)
        #expect(same.report.filterDifferences.isEmpty, "\(same.report.filterDifferences)")
        let changed = catalog.map { instrument in
            instrument.id != Self.btcSpot ? instrument : Instrument(
                id: instrument.id, baseAsset: instrument.baseAsset, quoteAsset: instrument.quoteAsset, tickSize: Price("0.1")!,
                stepSize: instrument.stepSize, minNotional: instrument.minNotional, makerFee: instrument.makerFee, takerFee: instrument.takerFee)
        }
        let differing = try await Self.collect(
            instruments: [Self.btcSpot, Self.btcPerp], start: "2023-03-01T01:00Z", until: "2023-03-01T01:10Z", exchangeStart: "2023-03-01T01:00Z",
            listed: changed, configured: configured)
        #expect(differing.report.filterDifferences == ["BTCUSDT@spot tick size: 0.1 on the exchange, 0.01 in the symbols file"])
    }

    /// Binance's real outage of 2023-03-24 is missing from REST too: it stays a gap, nothing is invented.
    @Test func aRealExchangeGapStaysAGap() async throws {
        let (bars, report, _) = try await Self.collect(
            instruments: [Self.btcSpot], start: "2023-03-24T12:00Z", until: "2023-03-24T15:00Z", exchangeStart: "2023-03-24T12:00Z", speed: 6_000)
        let expected = try Self.expected(Self.btcSpot, from: "2023-03-24T12:00Z", until: "2023-03-24T15:00Z")
        #expect(expected.count < 180, "the sample has the outage in this window")
        #expect(bars.map(\.bar) == expected)
        #expect(report.bars.gapMinutes == 180 - expected.count)
    }
}

/// The sample loaded once for all tests of the process.
enum FakeMarketDataCache {
    static func sample() throws -> FakeMarketData { try loaded.get() }
    private static let loaded = Result { try FakeMarketData.load(paths: [TestPaths.sample]) }
}

enum TestPaths {
    /// The root of this checkout, and its `data/sample`.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let sample = repository + "/data/sample"
}
