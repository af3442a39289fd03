import Foundation
import Synchronization

/// One request-weight budget for every REST call of the process (Binance counts weight per IP per
/// minute and answers 429, then 418 bans, to clients that go over). The exchange's own count
/// (`X-MBX-USED-WEIGHT-1M`) is the truth whenever a response carries it.
public final class RequestWeightBudget: Sendable {
    public struct State: Sendable, Equatable {
        public var usedThisMinute = 0
        public var minute: Int64 = 0
        /// Wall time (ms) before which no request may be sent (429 Retry-After, 418 ban).
        public var blockedUntil: Int64 = 0
        public var tooManyRequests = 0
        public var bans = 0
        public var weightSpent = 0
    }

    public let limitPerMinute: Int
    private let state = Mutex(State())

    public init(limitPerMinute: Int = 1_200) { self.limitPerMinute = limitPerMinute }

    public var snapshot: State { state.withLock { $0 } }

    /// How long to wait (ms) before a request of `weight` may go; 0 = now, and it is counted.
    public func reserve(_ weight: Int, now: Int64) -> Int64 {
        state.withLock { state in
            if now < state.blockedUntil { return state.blockedUntil - now }
            let minute = now / 60_000
            if minute != state.minute {
                state.minute = minute
                state.usedThisMinute = 0
            }
            guard state.usedThisMinute + weight <= limitPerMinute else { return (minute + 1) * 60_000 - now }
            state.usedThisMinute += weight
            state.weightSpent += weight
            return 0
        }
    }

    /// The exchange's count of this minute's weight, from a response header.
    public func exchangeReports(used: Int, now: Int64) {
        state.withLock { state in
            if now / 60_000 == state.minute { state.usedThisMinute = max(state.usedThisMinute, used) }
        }
    }

    /// 429 (`banned` false) or 418: nothing is sent for `seconds`.
    public func refused(for seconds: Int64, banned: Bool, now: Int64) {
        state.withLock { state in
            state.blockedUntil = max(state.blockedUntil, now + seconds * 1_000)
            if banned { state.bans += 1 } else { state.tooManyRequests += 1 }
        }
    }
}
