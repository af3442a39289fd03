/// Merges stored series into the engine's input order: by time; at equal times scheduled plans
/// and controls first (in the order given), then funding rates (settled on the positions held at
/// that instant), then bars in instrument order. The same series always give the same sequence.
public struct HistoricalFeed: Sendable {
    /// Bars of each instrument of the run, in time order, indexed like `EngineConfig.instruments`.
    public var bars: [[Bar]]
    public var funding: [[FundingRateEvent]]
    /// Plans and controls at given times (a backtest's `--kill-switch` and `--plans`).
    public var scheduled: [EngineInput]

    public init(bars: [[Bar]], funding: [[FundingRateEvent]]? = nil, scheduled: [EngineInput] = []) {
        self.bars = bars
        self.funding = funding ?? Array(repeating: [], count: bars.count)
        // Stable: inputs scheduled at the same time keep their order.
        self.scheduled = scheduled.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    public var barCount: Int { bars.reduce(0) { $0 + $1.count } }

    /// Calls `body` with every input in order.
    public func forEach(_ body: (EngineInput) throws -> Void) rethrows {
        // A lone series needs no merge; skipping it is 10–20 % of a single-strategy run's engine time.
        if bars.count == 1 && funding[0].isEmpty && scheduled.isEmpty {
            for bar in bars[0] { try body(.bar(0, bar)) }
            return
        }
        var cursor = Cursor(self)
        while let input = cursor.next() { try body(input) }
    }

    /// The inputs one at a time, for a reader that decides between two inputs what to do next
    /// (the runner waits for plans at decision points).
    public struct Cursor: Sendable {
        private let feed: HistoricalFeed
        private var barIndex: [Int]
        private var fundingIndex: [Int]
        private var scheduledIndex = 0
        /// Inputs handed out so far.
        public private(set) var position = 0

        public init(_ feed: HistoricalFeed) {
            self.feed = feed
            barIndex = Array(repeating: 0, count: feed.bars.count)
            fundingIndex = Array(repeating: 0, count: feed.funding.count)
        }

        public mutating func next() -> EngineInput? {
            var next: (time: Int64, rank: Int, instrument: Int)?
            func consider(_ time: Int64, _ rank: Int, _ instrument: Int) {
                if let best = next, (best.time, best.rank, best.instrument) <= (time, rank, instrument) { return }
                next = (time, rank, instrument)
            }
            if scheduledIndex < feed.scheduled.count { consider(feed.scheduled[scheduledIndex].time, 0, 0) }
            for instrument in feed.funding.indices where fundingIndex[instrument] < feed.funding[instrument].count {
                consider(feed.funding[instrument][fundingIndex[instrument]].time, 1, instrument)
            }
            for instrument in feed.bars.indices where barIndex[instrument] < feed.bars[instrument].count {
                consider(feed.bars[instrument][barIndex[instrument]].openTime, 2, instrument)
            }
            guard let chosen = next else { return nil }
            position += 1
            switch chosen.rank {
            case 0:
                scheduledIndex += 1
                return feed.scheduled[scheduledIndex - 1]
            case 1:
                let event = feed.funding[chosen.instrument][fundingIndex[chosen.instrument]]
                fundingIndex[chosen.instrument] += 1
                return .fundingRate(chosen.instrument, time: event.time, rate: event.rate)
            default:
                barIndex[chosen.instrument] += 1
                return .bar(chosen.instrument, feed.bars[chosen.instrument][barIndex[chosen.instrument] - 1])
            }
        }
    }
}

extension HistoricalFeed {
    /// Runs every input through `engine` and finishes the run, unrecorded: the equity points,
    /// which only a recorder keeps, are dropped as they come instead of piling up.
    public func run(_ engine: inout TradingEngine) -> RunResult {
        var inputs = 0
        forEach { input in
            engine.process(input)
            inputs += 1
            if inputs % 8192 == 0 { _ = engine.takeEquityPoints() }
        }
        return engine.finish()
    }
}
