import Synchronization

/// "Now" on the exchange, estimated from its server-time answers: the latest sample plus the local
/// time since, at the rate the exchange's clock has been seen to run (1 for Binance; a fake may
/// run faster). Bar times never come from here, only the feed's decisions of when to ask REST.
public final class ExchangeClock: Sendable {
    private struct Sample {
        let local: ContinuousClock.Instant
        let exchange: Int64
    }
    private let samples = Mutex<(first: Sample?, last: Sample?)>((nil, nil))

    public init() {}

    public func record(serverTime: Int64, sentAt: ContinuousClock.Instant) {
        // The answer was made somewhere between sending and receiving: take the midpoint.
        let received = ContinuousClock.now
        let local = sentAt + (received - sentAt) / 2
        let sample = Sample(local: local, exchange: serverTime)
        samples.withLock { state in
            if state.first == nil { state.first = sample }
            state.last = sample
        }
    }

    /// Exchange milliseconds per local millisecond.
    public var rate: Double {
        samples.withLock { state in
            guard let first = state.first, let last = state.last else { return 1 }
            let local = Self.milliseconds(first.local.duration(to: last.local))
            guard local >= 100 else { return 1 }
            return min(100_000, max(0.5, Double(last.exchange - first.exchange) / local))
        }
    }

    public func now() -> Int64 {
        let rate = rate
        return samples.withLock { state in
            guard let last = state.last else { return 0 }
            return last.exchange + Int64(Self.milliseconds(last.local.duration(to: .now)) * rate)
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
    }
}
