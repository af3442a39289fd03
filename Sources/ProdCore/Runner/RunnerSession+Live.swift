/// What the runner tells about its live feed: the feed's notes in the log, reconnections in the
/// metrics, and alerts for a ban and for a feed gone stale.
extension RunnerSession {
    /// No settled bar for this long (local wall time) while the feed runs: the feed is stale.
    static let staleFeedAfter: Duration = .seconds(180)

    func watchLiveFeed() {
        guard let live else { return }
        for note in live.feed.takeNotes() { log("live feed: \(note)") }
        let report = live.feed.report
        metrics.liveFeedReconnected(total: report.reconnects)
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

    /// A live bar arrived: the feed is fresh again.
    func liveBarArrived() {
        liveWatch.lastBar = .now
        liveWatch.staleAlerted = false
    }

    private func alert(code: String, _ message: String) {
        log("alert \(code): \(message)")
        link.send(.alert(.init(level: .critical, code: code, message: message, time: run.engine.lastEventTime)))
    }
}

/// The live feed as the runner last saw it.
struct LiveFeedWatch {
    var bans = 0
    var lastBar = ContinuousClock.now
    var staleAlerted = false
}
