import ExchangeSim
import Foundation
import ProdCore
import Testing

/// `brain start --feed live` as a user runs it, against the fake Binance serving the bundled
/// sample (real Vision data) on loopback: the session backfills the past by REST, streams the
/// rest, survives the exchange's faults and SIGKILLs of its runner, and ends with the digest and
/// the stored rows of the replay of the same window (ARCHITECTURE.md §4: same engine, only the
/// feed differs).
@Suite(.serialized) struct LiveSessionTests {
    /// The exchange's clock starts at 08:00 on the 12th: the session backfills eleven days and
    /// more while the clock runs on (at 5,000×), then streams the rest of the day.
    static let window = ["--from", "2023-02-01T00:00Z", "--until", "2023-02-13T00:00Z", "--decision-interval", "5m"]
    // Fast enough for a short test, slow enough that four kills and restarts fit in the stream on a loaded machine.
    static let speed = 3_000.0

    /// Scripted faults while the session streams (docs/live.md's format).
    static let faults = """
        drop_streams_at: ["2023-02-12T18:00Z", "2023-02-12T22:00Z"]
        stream_silent: [{from: "2023-02-12T19:00Z", to: "2023-02-12T19:30Z"}]
        duplicate_klines: true
        rest_errors: [{from: "2023-02-12T20:00Z", to: "2023-02-12T20:05Z", status: 503}]
        """

    static func fake(faults: String? = nil) throws -> FakeExchangeProcess {
        try FakeExchangeProcess(start: "2023-02-12T08:00Z", speed: speed, faults: faults)
    }

    static func replay() throws -> BrainStartTests.Run {
        try BrainStartTests.start(["--from", "2023-02-01", "--until", "2023-02-13T00:00Z", "--decision-interval", "5m"])
    }

    @Test func aLiveSessionThroughExchangeFaultsStoresTheVisionBarsAndEndsWithTheReplaysDigest() throws {
        let server = try Self.fake(faults: Self.faults)
        let live = try BrainStartTests.start(["--feed", "live"] + server.feedFlags + Self.window)
        server.stop()
        let replay = try Self.replay()
        let digest = try #require(live.summary["digest"] as? String)
        #expect(digest == replay.summary["digest"] as? String, "\(live.errors)")
        #expect((live.summary["trades"] as? Int ?? 0) > 0, "the window trades")

        let store = RunStore(database: try CruptoDatabase(path: live.folder + "/crupto.db"))
        let run = BrainCrashTests.runId(live.summary)
        let bars = try store.liveBars(run: run)
        let vision = try FakeMarketData.load(paths: [BrainProcess.repoRoot + "/data/sample"])
            .bars(InstrumentID(symbol: "BTCUSDT", market: .spot), from: UTCTimestamp.startOfDay("2023-02-01")!, through: UTCTimestamp.startOfDay("2023-02-13")! - 1)
        #expect(bars.map(\.bar) == Array(vision), "0 lost, 0 duplicated, 0 altered")
        #expect(bars.contains { $0.source == .rest } && bars.contains { $0.source == .ws })
        // The report carries them too (bars.parquet/bars.csv, read back by pyarrow) with feed.json.
        let folder = try #require(live.summary["report"] as? String)
        let checked = try ExternalCommand.run(["python3", BrainProcess.repoRoot + "/scripts/report/check_report.py", folder])
        #expect(checked.status == 0 && checked.output.contains("8 tables"), "\(checked.output)")
        let csvRows = try String(contentsOfFile: folder + "/bars.csv", encoding: .utf8).split(separator: "\n").count - 1
        #expect(csvRows == vision.count)
        let feed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/feed.json"))) as? [String: Any]
        #expect((feed?["reconnects"] as? Int ?? 0) >= 2, "the scripted drops were survived: \(String(describing: feed))")

        // Replayed offline from its journal and stored bars, the session gives its digest; with one
        // stored bar altered, it does not.
        let reproduced = try BrainProcess.run(["report", "reproduce", String(run), "--db", live.folder + "/crupto.db"])
        #expect(reproduced.status == 0 && reproduced.output.contains("reproduced: digest \(digest)"), "\(reproduced.output)\(reproduced.errors)")
        let tampered = try ExternalCommand.run([
            "python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('UPDATE live_bars SET close = close + 1 WHERE run_id = ? AND seq = 5000', (int(sys.argv[2]),)); c.commit()",
            live.folder + "/crupto.db", String(run),
        ])
        #expect(tampered.status == 0, "\(tampered.output)")
        let refused = try BrainProcess.run(["report", "reproduce", String(run), "--db", live.folder + "/crupto.db"])
        #expect(refused.status == 1 && refused.errors.contains("did not reproduce"), "\(refused.output)\(refused.errors)")

        let replayStore = RunStore(database: try CruptoDatabase(path: replay.folder + "/crupto.db"))
        let replayRun = BrainCrashTests.runId(replay.summary)
        #expect(try store.fills(run: run) == replayStore.fills(run: replayRun))
        #expect(try store.trades(run: run) == replayStore.trades(run: replayRun))
        #expect(try store.orders(run: run) == replayStore.orders(run: replayRun))
        #expect(try store.rejections(run: run) == replayStore.rejections(run: replayRun))
        #expect(try store.governorEvents(run: run) == replayStore.governorEvents(run: replayRun))
        #expect(try store.equity(run: run) == replayStore.equity(run: replayRun))
        #expect(try store.plans(run: run).map(\.text) == replayStore.plans(run: replayRun).map(\.text))
    }

    /// Plain text to a host that is not loopback, live flags without a live feed, and a feed that
    /// cannot be reached are refused with the flag and the reason; nothing is started or stored.
    @Test func badLiveFlagsAreRefusedByName() throws {
        let plain = try BrainProcess.run(["start", "--feed", "live", "--spot-rest", "http://1.2.3.4"])
        #expect(plain.status == 64 && plain.errors.contains("--spot-rest: 'http://1.2.3.4': http:// is allowed for 127.0.0.0/8 only"), "\(plain.errors)")
        let notLive = try BrainProcess.run(["start", "--usdm-ws", "ws://127.0.0.1:1/usdm"])
        #expect(notLive.status == 64 && notLive.errors.contains("are for --feed live"), "\(notLive.errors)")
        let withData = try BrainProcess.run(["start", "--feed", "live", "--data", "data/sample"])
        #expect(withData.status == 64 && withData.errors.contains("drop --data"), "\(withData.errors)")
    }

    /// Waits (up to 60 s) until the live run stored `count` bars from the stream.
    static func waitForStreamedBars(_ count: Int, in database: String, while process: Process) throws {
        guard count > 0 else { return }
        for _ in 0..<1_200 where process.isRunning {
            if FileManager.default.fileExists(atPath: database),
               let streamed = try? RunStore(database: try CruptoDatabase(path: database)).liveBars(run: 1).count(where: { $0.source == .ws }),
               streamed >= count { return }
            usleep(50_000)
        }
    }

    /// SIGKILL of the runner during its start-up, while it backfills, and twice once it streams
    /// (bars from the WebSocket are stored): each time the brain resumes it, the new runner
    /// replays the stored bars, backfills what it missed, and the run ends with the undisturbed
    /// session's digest and rows.
    @Test func aRunnerKilledDuringALiveSessionResumesToTheUndisturbedSession() throws {
        let undisturbedServer = try Self.fake()
        let undisturbed = try BrainStartTests.start(["--feed", "live"] + undisturbedServer.feedFlags + Self.window)
        undisturbedServer.stop()

        let server = try Self.fake()
        let folder = try BrainProcess.temporaryFolder()
        let session = try BrainCrashTests.Session(
            ["--config", try BrainCrashTests.brainConfig(in: folder, restarts: 10), "--feed", "live"] + server.feedFlags + Self.window, folder: folder)
        var kills = 0
        for (decisions, streamedBars) in [(0, 0), (1_500, 0), (0, 20), (0, 120)] {
            session.waitForDecisions(decisions)
            try Self.waitForStreamedBars(streamedBars, in: folder + "/crupto.db", while: session.process)
            if let runner = session.runner(), kill(runner, SIGKILL) == 0 { kills += 1 }
        }
        #expect(kills == 4)
        let (status, summary, errors) = try session.finish()
        server.stop()
        #expect(status == 0, "\(errors)")
        #expect(summary["restarts"] as? Int == kills, "\(errors)")
        #expect(summary["digest"] as? String == undisturbed.summary["digest"] as? String, "\(errors)")
        let comparison = try StoredRunComparison.compare(
            undisturbed.folder + "/crupto.db", BrainCrashTests.runId(undisturbed.summary), folder + "/crupto.db", BrainCrashTests.runId(summary))
        #expect(comparison.equal, "\(comparison.output)")
    }

    /// A perpetual's session settles the funding rates the exchange publishes (the fake publishes
    /// what a replay of its files estimates), each before the bars of its minute, through SIGKILLs
    /// of the runner at start-up, while it backfills and while it streams across the 16:00 funding
    /// time: it ends with the replay's digest, fills, trades, funding payments and equity, and its
    /// stored rates are the exchange's.
    @Test func aPerpetualSessionSettlesThePublishedFundingLikeItsReplay() throws {
        let perpetual = ["--symbols", "BTCUSDT:usdm"]
        let server = try Self.fake()
        let folder = try BrainProcess.temporaryFolder()
        let session = try BrainCrashTests.Session(
            ["--config", try BrainCrashTests.brainConfig(in: folder, restarts: 10), "--feed", "live"] + server.feedFlags + perpetual + Self.window,
            folder: folder)
        var kills = 0
        for (decisions, streamedBars) in [(0, 0), (1_500, 0), (0, 150), (0, 400)] {
            session.waitForDecisions(decisions)
            try Self.waitForStreamedBars(streamedBars, in: folder + "/crupto.db", while: session.process)
            if let runner = session.runner(), kill(runner, SIGKILL) == 0 { kills += 1 }
        }
        let (status, summary, errors) = try session.finish()
        server.stop()
        #expect(status == 0 && kills == 4 && summary["restarts"] as? Int == kills, "status \(status), kills \(kills), restarts \(String(describing: summary["restarts"])): \(errors)")
        let replay = try BrainStartTests.start(perpetual + ["--from", "2023-02-01", "--until", "2023-02-13T00:00Z", "--decision-interval", "5m"])
        #expect(summary["digest"] as? String == replay.digest, "\(errors)")

        let store = RunStore(database: try CruptoDatabase(path: folder + "/crupto.db"))
        let run = BrainCrashTests.runId(summary)
        let replayStore = RunStore(database: try CruptoDatabase(path: replay.folder + "/crupto.db"))
        let paid = try replayStore.fundingPayments(run: replay.runId)
        #expect(!paid.isEmpty, "the window holds a position over a funding time")
        #expect(try store.fundingPayments(run: run) == paid)
        #expect(try store.fills(run: run) == replayStore.fills(run: replay.runId))
        #expect(try store.trades(run: run) == replayStore.trades(run: replay.runId))
        #expect(try store.equity(run: run) == replayStore.equity(run: replay.runId))

        let published = try FakeMarketData.load(paths: [BrainProcess.repoRoot + "/data/sample"]).fundingRates["BTCUSDT"] ?? []
        let window = UTCTimestamp.startOfDay("2023-02-01")!..<UTCTimestamp.startOfDay("2023-02-13")!
        let stored = try store.liveFundingRates(run: run)
        #expect(stored.map { FundingRateEvent(time: $0.time, rate: $0.rate) } == published.filter { window.contains($0.time) && $0.time > window.lowerBound })
        #expect(stored.count == 35, "eight-hourly from 08:00 on the 1st to 16:00 on the 12th")
        // Each rate sits right before the first bar of its minute in the run's input sequence.
        let inputs = try store.liveInputs(run: run)
        for (index, input) in inputs.enumerated() {
            guard case .funding(let rate) = input else { continue }
            guard case .bar(let next) = inputs[index + 1], case .bar(let previous) = inputs[index - 1] else { Issue.record("rate \(rate.time) not between bars"); continue }
            #expect(previous.bar.openTime == rate.time - 60_000 && next.bar.openTime == rate.time)
        }
        let reproduced = try BrainProcess.run(["report", "reproduce", String(run), "--db", folder + "/crupto.db"])
        #expect(reproduced.status == 0 && reproduced.output.contains("reproduced: digest \(replay.digest)"), "\(reproduced.output)\(reproduced.errors)")
    }

    /// A live session starting on March 1st backfills the ten days before it by REST as warm-up
    /// (indicators, strategies and the agents' classifier see them, nothing trades) and trades from
    /// its first decision point: its first fill is on March 1st, none is earlier, and it ends with
    /// the digest, fills and equity of the replay of the same window, which warms up alike.
    @Test func aLiveSessionWarmsUpOnTheDaysBeforeItAndTradesFromItsFirstDecisionPoint() throws {
        let window = ["--from", "2023-03-01T00:00Z", "--until", "2023-03-03T00:00Z"]
        let server = try FakeExchangeProcess(start: "2023-03-02T08:00Z", speed: Self.speed)
        let live = try BrainStartTests.start(["--feed", "live"] + server.feedFlags + window)
        server.stop()
        let replay = try BrainStartTests.start(window)
        #expect(live.digest == replay.digest && live.digest.count == 64, "\(live.errors)")
        let store = RunStore(database: try CruptoDatabase(path: live.folder + "/crupto.db"))
        let march = UTCTimestamp.startOfDay("2023-03-01")!
        let fills = try store.fills(run: live.runId)
        #expect(fills.first.map { $0.time >= march && $0.time < march + 86_400_000 } == true, "trades on its first day: \(fills.prefix(2))")
        let bars = try store.liveBars(run: live.runId)
        #expect(bars.first?.bar.openTime == march - 10 * 86_400_000, "ten days of warm-up bars, from REST")
        #expect(try store.run(live.runId)?.firstTime == march, "the run's period starts at --from")
        let replayStore = RunStore(database: try CruptoDatabase(path: replay.folder + "/crupto.db"))
        #expect(try fills == replayStore.fills(run: replay.runId))
        #expect(try store.equity(run: live.runId) == replayStore.equity(run: replay.runId))
        #expect(try store.equity(run: live.runId).first?.time == march, "no equity is measured during the warm-up")
    }
}
