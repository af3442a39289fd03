/// A USDT-M funding rate the live feed settled: the exchange's published rate of a funding time.
public struct LiveFundingRate: Sendable, Equatable {
    public let instrument: Int
    public let time: Int64
    public let rate: Rate
    /// Local wall clock (ms) when it arrived; not part of the run's digest.
    public let receivedAt: Int64

    public init(instrument: Int, time: Int64, rate: Rate, receivedAt: Int64) {
        self.instrument = instrument
        self.time = time
        self.rate = rate
        self.receivedAt = receivedAt
    }
}

/// One input of a live run, in the order the engine takes it.
public enum LiveInput: Sendable, Equatable {
    case bar(LiveBar)
    case funding(LiveFundingRate)

    public var engineInput: EngineInput {
        switch self {
        case .bar(let live): .bar(live.instrument, live.bar)
        case .funding(let funding): .fundingRate(funding.instrument, time: funding.time, rate: funding.rate)
        }
    }
}

/// Which funding times of a live run's perpetuals are settled, and the rates waiting to be handed
/// out. A replay puts the rate of funding time T before every bar opening at T (it is paid on the
/// positions held at that instant); live, the rate is published at T, so the bars opening at or
/// after the earliest unsettled funding time wait (`hold`) until REST answered for it.
///
/// Funding times are Binance's 8-hour grid (00:00, 08:00, 16:00 UTC), the first one strictly after
/// the run's first minute: a replay starting at a funding time has no premium samples before it,
/// so it settles nothing there either.
public struct LiveFundingSchedule: Sendable {
    public struct Counts: Sendable, Equatable, Codable {
        public var rates = 0
        /// Funding times the exchange published no rate for within `missingAfter`.
        public var missing = 0
    }

    /// Next unsettled funding time per USDT-M instrument index.
    public private(set) var pending: [Int: Int64]
    public private(set) var counts = Counts()
    private var ready: [LiveFundingRate] = []
    private var notes: [String] = []

    /// - Parameter after: per USDT-M instrument, the time after which its funding times count (the
    ///   run's first minute, or for a resumed run the later of its last stored rate and last stored bar).
    public init(after: [Int: Int64]) {
        pending = after.mapValues { FundingRateEstimator.nextFundingTime(atOrAfter: $0 + 1) }
    }

    /// Bars opening at or after this time must wait: a rate before them is not settled yet.
    public var hold: Int64? { pending.values.min() }

    /// The exchange's records for `instrument` from its pending funding time on (times already
    /// floored to the minute). A record at that time settles it; with none, it settles as missing
    /// only when `giveUp` (the exchange has had long enough to publish). Returns whether it settled.
    @discardableResult
    public mutating func answer(_ instrument: Int, records: [FundingRateEvent], giveUp: Bool, receivedAt: Int64) -> Bool {
        guard let time = pending[instrument] else { return false }
        if let record = records.first(where: { $0.time == time }) {
            ready.append(LiveFundingRate(instrument: instrument, time: time, rate: record.rate, receivedAt: receivedAt))
            counts.rates += 1
        } else if giveUp {
            counts.missing += 1
            notes.append("instrument \(instrument): no funding rate published for \(UTCTimestamp.iso8601(time)); none is applied")
        } else {
            return false
        }
        pending[instrument] = time + FundingRateEstimator.interval
        return true
    }

    /// Settled rates of funding times at or before `watermark` (every bar before them has been
    /// settled), in (time, instrument) order.
    public mutating func take(through watermark: Int64) -> [LiveFundingRate] {
        let due = ready.filter { $0.time <= watermark }.sorted { ($0.time, $0.instrument) < ($1.time, $1.instrument) }
        ready.removeAll { $0.time <= watermark }
        return due
    }

    public mutating func takeNotes() -> [String] {
        defer { notes = [] }
        return notes
    }
}
