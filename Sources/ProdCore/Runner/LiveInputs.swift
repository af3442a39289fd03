/// A live run's inputs: first the bars and funding rates it already stored (a resumed run replays
/// them exactly), then what the live feed settles. The runner hands each input taken from the feed
/// (`lastTaken`) to its recorder, which stores it in the transaction of the next commit, so with or
/// before anything it caused (ARCHITECTURE.md §4); one taken but not stored when the process dies
/// was never acted on, and the next process's feed settles it again after the last stored one.
final class LiveInputs {
    let feed: LiveFeed
    private var stored: [LiveInput]
    private var storedIndex = 0
    private var queued: [LiveInput] = []
    private var queuedIndex = 0
    /// How many inputs the run had stored when this process started.
    let storedCount: Int
    private(set) var hasEnded = false
    /// The input `next()` last took from the feed (`nil` after a stored one).
    private(set) var lastTaken: LiveInput?
    /// The last bar `next()` took from the feed (`nil` after a stored input or a funding rate).
    var lastFromFeed: LiveBar? { if case .bar(let bar) = lastTaken { bar } else { nil } }
    /// Whether the batch it came in held one minute only: the runner was not working off a backlog
    /// (a backfilled past, a restart), so its latency is the feed's, not the queue's.
    private(set) var lastWasCurrent = false
    private var batchIsCurrent = false

    init(feed: LiveFeed, stored: [LiveInput]) {
        self.feed = feed
        self.stored = stored
        storedCount = stored.count
    }

    /// The next input, or `nil` when none is settled yet (or the feed ended: `hasEnded`).
    func next() -> EngineInput? {
        lastTaken = nil
        if storedIndex < stored.count {
            defer { storedIndex += 1 }
            return stored[storedIndex].engineInput
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
            case .inputs(let inputs):
                queued = inputs
                var minutes = Set<Int64>()
                for case .bar(let live) in inputs { minutes.insert(live.bar.openTime) }
                batchIsCurrent = minutes.count == 1
            case .pending: return nil
            case .ended:
                hasEnded = true
                return nil
            }
        }
        let live = queued[queuedIndex]
        queuedIndex += 1
        lastTaken = live
        if case .bar = live { lastWasCurrent = batchIsCurrent }
        return live.engineInput
    }
}
