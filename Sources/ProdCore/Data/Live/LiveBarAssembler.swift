/// Where a live bar came from.
public enum LiveBarSource: String, Sendable, Codable {
    case rest
    case ws
}

/// A closed 1m bar the live feed settled, with where and when (local wall clock, ms) it arrived.
public struct LiveBar: Sendable, Equatable {
    public let instrument: Int
    public let bar: Bar
    public let source: LiveBarSource
    public let receivedAt: Int64
    /// When this process decoded it (monotonic), for the feed-to-fill latency; not stored.
    public let arrival: ContinuousClock.Instant

    public init(instrument: Int, bar: Bar, source: LiveBarSource, receivedAt: Int64, arrival: ContinuousClock.Instant = .now) {
        self.instrument = instrument
        self.bar = bar
        self.source = source
        self.receivedAt = receivedAt
        self.arrival = arrival
    }

    public static func == (lhs: LiveBar, rhs: LiveBar) -> Bool {
        lhs.instrument == rhs.instrument && lhs.bar == rhs.bar && lhs.source == rhs.source && lhs.receivedAt == rhs.receivedAt
    }
}

/// Turns the closed 1m klines that REST and the WebSocket deliver, in any order and any number of
/// times, into each instrument's bars exactly once, in the engine's input order (by open time, then
/// instrument). Pure state: the feed's network side calls it and acts on `backfillFrom`.
///
/// Per instrument every minute before `next` is settled: its bar was taken, or REST confirmed it
/// missing (a real exchange gap stays a gap: the engine's data-quality gate pauses entries on it).
/// * A WebSocket bar of the next minute is taken at once; a later one waits and asks for a REST
///   backfill of the minutes before it; an earlier one is a duplicate (or, with other values, a
///   conflict: the settled copy stays, the count goes up).
/// * A REST answer settles every minute up to the end it was asked for: its bars are taken (a
///   waiting WebSocket copy with other values is a conflict, and REST wins), the minutes it lacks
///   are gaps. The feed only asks through minutes that closed long enough ago to be published.
/// * Bars leave in (open time, instrument) order once every instrument has settled past them, so
///   two instruments arriving in either order give the same input sequence.
public struct LiveBarAssembler: Sendable {
    public struct Counts: Sendable, Equatable, Codable {
        public var fromStream = 0
        public var fromREST = 0
        public var duplicates = 0
        public var conflicts = 0
        public var gapMinutes = 0
        public var unclosedIgnored = 0
    }

    static let minute: Int64 = 60_000
    /// Settled bars kept per instrument to tell a late duplicate from a conflict.
    static let recentKept = 256

    public private(set) var next: [Int64]
    public private(set) var counts = Counts()
    /// Conflicts and gaps in words, for the log; taken with `takeNotes`.
    private var notes: [String] = []
    private var waiting: [[Int64: LiveBar]]
    private var settled: [[LiveBar]]
    private var recent: [[Int64: Bar]]
    private var recentOrder: [[Int64]]

    /// - Parameter start: open time of each instrument's first minute to settle.
    public init(instruments: Int, start: Int64) {
        let first = start - start % Self.minute
        next = Array(repeating: first, count: instruments)
        waiting = Array(repeating: [:], count: instruments)
        settled = Array(repeating: [], count: instruments)
        recent = Array(repeating: [:], count: instruments)
        recentOrder = Array(repeating: [], count: instruments)
    }

    /// Resumes after `lastOpenTime` of each instrument (a restarted runner's stored bars).
    public init(instruments: Int, resumingAfter lastOpenTimes: [Int64]) {
        self.init(instruments: instruments, start: 0)
        next = lastOpenTimes.map { $0 + Self.minute }
    }

    /// The first minute a REST backfill should start at, when the instrument has a WebSocket bar
    /// waiting behind a hole (`nil` otherwise), and the last minute before that bar.
    public func hole(_ instrument: Int) -> (from: Int64, through: Int64)? {
        guard let first = waiting[instrument].keys.min() else { return nil }
        return (next[instrument], first - Self.minute)
    }

    /// A closed kline from the stream.
    public mutating func stream(_ instrument: Int, _ bar: Bar, receivedAt: Int64) {
        let live = LiveBar(instrument: instrument, bar: bar, source: .ws, receivedAt: receivedAt)
        if bar.openTime < next[instrument] {
            compareWithSettled(live)
            return
        }
        if let earlier = waiting[instrument][bar.openTime] {
            if earlier.bar == bar { counts.duplicates += 1 } else { conflict(earlier.bar, bar, instrument, "stream sent two versions") }
            return
        }
        waiting[instrument][bar.openTime] = live
        takeWaiting(instrument)
    }

    /// The stream's update of a minute still open: never a bar (only closed klines are).
    public mutating func unclosed() { counts.unclosedIgnored += 1 }

    /// A REST answer for minutes `from…through` (open times) of `instrument`: `rows` are the closed
    /// klines it held in that range, and every minute of the range is settled by it.
    public mutating func rest(_ instrument: Int, _ rows: [Bar], through: Int64, receivedAt: Int64) {
        var byTime: [Int64: Bar] = [:]
        for bar in rows {
            if bar.openTime < next[instrument] {
                compareWithSettled(LiveBar(instrument: instrument, bar: bar, source: .rest, receivedAt: receivedAt))
            } else if bar.openTime <= through {
                byTime[bar.openTime] = bar
            }
        }
        while next[instrument] <= through {
            let time = next[instrument]
            if let bar = byTime[time] {
                if let streamed = waiting[instrument].removeValue(forKey: time) {
                    if streamed.bar == bar { counts.duplicates += 1 } else { conflict(bar, streamed.bar, instrument, "REST kept, the stream's copy differs") }
                }
                settle(LiveBar(instrument: instrument, bar: bar, source: .rest, receivedAt: receivedAt))
                counts.fromREST += 1
            } else if let streamed = waiting[instrument].removeValue(forKey: time) {
                // The stream had it and REST did not (yet): the stream's copy is the bar.
                settle(streamed)
                counts.fromStream += 1
            } else {
                counts.gapMinutes += 1
                notes.append("instrument \(instrument): no bar at \(UTCTimestamp.iso8601(time)) on REST either (exchange gap)")
                next[instrument] = time + Self.minute
            }
        }
        takeWaiting(instrument)
    }

    /// Bars every instrument has settled past, in (open time, instrument) order; those opening at
    /// or after `limit` stay (a funding rate before them is not settled yet).
    public mutating func takeReady(before limit: Int64 = .max) -> [LiveBar] {
        guard let settledPast = next.min() else { return [] }
        let watermark = min(settledPast, limit)
        var out: [LiveBar] = []
        var cursors = Array(repeating: 0, count: settled.count)
        while true {
            var best: (time: Int64, instrument: Int)?
            for instrument in settled.indices where cursors[instrument] < settled[instrument].count {
                let time = settled[instrument][cursors[instrument]].bar.openTime
                guard time < watermark else { continue }
                if best == nil || time < best!.time { best = (time, instrument) }
            }
            guard let chosen = best else { break }
            out.append(settled[chosen.instrument][cursors[chosen.instrument]])
            cursors[chosen.instrument] += 1
        }
        for instrument in settled.indices where cursors[instrument] > 0 { settled[instrument].removeFirst(cursors[instrument]) }
        return out
    }

    public mutating func takeNotes() -> [String] {
        defer { notes = [] }
        return notes
    }

    private mutating func takeWaiting(_ instrument: Int) {
        while let live = waiting[instrument].removeValue(forKey: next[instrument]) {
            settle(live)
            counts.fromStream += 1
        }
    }

    private mutating func settle(_ live: LiveBar) {
        let instrument = live.instrument
        settled[instrument].append(live)
        next[instrument] = live.bar.openTime + Self.minute
        recent[instrument][live.bar.openTime] = live.bar
        recentOrder[instrument].append(live.bar.openTime)
        if recentOrder[instrument].count > Self.recentKept {
            recent[instrument].removeValue(forKey: recentOrder[instrument].removeFirst())
        }
    }

    private mutating func compareWithSettled(_ live: LiveBar) {
        guard let kept = recent[live.instrument][live.bar.openTime] else {
            // Older than what is kept to compare with, or a minute settled as a gap: late, dropped.
            counts.duplicates += 1
            return
        }
        if kept == live.bar { counts.duplicates += 1 } else { conflict(kept, live.bar, live.instrument, "arrived after the bar was taken; the taken copy stays") }
    }

    private mutating func conflict(_ kept: Bar, _ other: Bar, _ instrument: Int, _ what: String) {
        counts.conflicts += 1
        notes.append("instrument \(instrument) \(UTCTimestamp.iso8601(kept.openTime)): two different copies (\(what)): close \(kept.close) vs \(other.close), volume \(kept.volume) vs \(other.volume)")
    }
}
