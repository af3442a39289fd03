/// A live run's inputs: first the bars it already stored (a resumed run replays them exactly),
/// then what the live feed settles. Every bar handed out is stored before the next commit, so
/// before any effect of it is published (ARCHITECTURE.md §4); one handed out but not stored when
/// the process dies was never acted on, and the next process's feed backfills it after the last
/// stored bar.
final class LiveInputs {
    let feed: LiveFeed
    private var stored: [LiveBar]
    private var storedIndex = 0
    private var queued: [LiveBar] = []
    private var queuedIndex = 0
    private var handedOut: [LiveBar] = []
    private(set) var storedCount: Int
    private(set) var hasEnded = false
    /// The last bar `next()` took from the feed (`nil` after a stored one).
    private(set) var lastFromFeed: LiveBar?
    /// Whether the batch it came in held one minute only: the runner was not working off a backlog
    /// (a backfilled past, a restart), so its latency is the feed's, not the queue's.
    private(set) var lastWasCurrent = false
    private var batchIsCurrent = false

    init(feed: LiveFeed, stored: [LiveBar]) {
        self.feed = feed
        self.stored = stored
        storedCount = stored.count
    }

    /// The next bar, or `nil` when none is settled yet (or the feed ended: `hasEnded`).
    func next() -> EngineInput? {
        lastFromFeed = nil
        if storedIndex < stored.count {
            defer { storedIndex += 1 }
            return .bar(stored[storedIndex].instrument, stored[storedIndex].bar)
        }
        if !stored.isEmpty {
            // Replayed: the memory goes.
            stored = []
            storedIndex = 0
        }
        if queuedIndex == queued.count {
            queued = []
            queuedIndex = 0
            switch feed.poll() {
            case .bars(let bars):
                queued = bars
                batchIsCurrent = Set(bars.map(\.bar.openTime)).count == 1
            case .pending: return nil
            case .ended:
                hasEnded = true
                return nil
            }
        }
        let live = queued[queuedIndex]
        queuedIndex += 1
        handedOut.append(live)
        lastFromFeed = live
        lastWasCurrent = batchIsCurrent
        return .bar(live.instrument, live.bar)
    }

    /// Stores the bars handed out since the last call; the runner calls it before each commit.
    func storeHandedOut(_ store: RunStore, run: Int64) throws(PersistError) {
        try store.appendLiveBars(run: run, handedOut, instruments: feed.settings.instruments, after: storedCount)
        storedCount += handedOut.count
        handedOut = []
    }
}
