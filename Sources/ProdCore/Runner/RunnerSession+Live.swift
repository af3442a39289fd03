/// What the runner tells about its live feed: the feed's notes in the log, reconnections in the
/// metrics, and alerts for a ban and for a feed gone stale.
extension RunnerSession {
    /// No settled bar for this long (local wall time) while the feed runs: the feed is stale.
    static let staleFeedAfter: Duration = .seconds(180)

    func watchLiveFeed() {
        guard let live else { return }
        for note in live.feed.takeNotes() { log("live_feed", "live feed: \(note)") }
        let report = live.feed.report
        metrics.liveFeedReconnected(total: report.reconnects)
        if !report.filterDifferences.isEmpty && !liveWatch.filtersAlerted {
            liveWatch.filtersAlerted = true
            alert(code: "symbol_filters_differ", report.filterDifferences.joined(separator: "; ") + " (configs/symbols.yaml is used)")
        }
        if report.bans > liveWatch.bans {
            liveWatch.bans = report.bans
            alert(code: "exchange_ban", "the exchange answered 418 (IP banned): no request until its Retry-After has passed")
        }
        let quiet = liveWatch.lastBar.duration(to: .now)
        if quiet > Self.staleFeedAfter && !liveWatch.staleAlerted {
            liveWatch.staleAlerted = true
            alert(code: "feed_stale", "no closed bar for \(quiet.components.seconds) s (reconnects \(report.reconnects), REST failures \(report.restFailures))")
        }
    }

    /// A live bar was taken from the feed: the feed is fresh again, and a streamed bar's latency
    /// is measured from its decoding to the engine having processed it (unless it waited behind a
    /// backlog: that measures the backlog).
    func liveBarTaken(_ bar: LiveBar?, current: Bool) {
        liveWatch.lastBar = .now
        liveWatch.staleAlerted = false
        liveWatch.upcomingArrival = bar?.source == .ws && current ? bar?.arrival : nil
        liveWatch.upcomingOpenedDecision = false
    }

    /// The upcoming bar was processed: its fills are decided.
    func liveBarProcessed() {
        guard let arrival = liveWatch.upcomingArrival else { return }
        liveWatch.upcomingArrival = nil
        let elapsed = arrival.duration(to: .now)
        let microseconds = Int(elapsed.components.seconds) * 1_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000_000)
        guard liveWatch.streamedLatencies.count < LiveFeedWatch.latenciesKept else { return }
        liveWatch.streamedLatencies.append(microseconds)
        if liveWatch.upcomingOpenedDecision { liveWatch.decisionLatencies.append(microseconds) }
    }

    var liveLatency: LiveFeed.LatencySummary {
        LiveFeed.LatencySummary(
            streamedBars: .init(liveWatch.streamedLatencies), decisionBars: .init(liveWatch.decisionLatencies))
    }

    private func alert(code: String, _ message: String) {
        log("alert", "alert \(code): \(message)", level: .critical, ["code": code])
        link.send(.alert(.init(level: .critical, code: code, message: message, time: run.engine.lastEventTime)))
    }
}

/// The live feed as the runner last saw it.
struct LiveFeedWatch {
    /// Latencies kept for the report (a year of 1m bars of two instruments).
    static let latenciesKept = 1_100_000
    var bans = 0
    var filtersAlerted = false
    var lastBar = ContinuousClock.now
    var staleAlerted = false
    var upcomingArrival: ContinuousClock.Instant?
    var upcomingOpenedDecision = false
    var streamedLatencies: [Int] = []
    var decisionLatencies: [Int] = []
}
