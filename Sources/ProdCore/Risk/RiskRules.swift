/// Per-strategy risk rules on entries (exits are never limited).
public struct RiskRules: Equatable, Sendable {
    /// Bars without entries after a stop-loss exit; 0 = no cooldown.
    public var cooldownBarsAfterStop: Int
    /// Most entries in any rolling hour of event time; `nil` = no cap.
    public var maxEntriesPerHour: Int?

    public init(cooldownBarsAfterStop: Int = 0, maxEntriesPerHour: Int? = nil) {
        self.cooldownBarsAfterStop = cooldownBarsAfterStop
        self.maxEntriesPerHour = maxEntriesPerHour
    }
}

/// Tracks what `RiskRules` need: when the last stop-loss happened and the recent entry times.
struct RiskState: Sendable {
    let rules: RiskRules
    private var blockedUntilBar = 0
    private var recentEntries: RingBuffer<Int64>?

    init(rules: RiskRules) {
        self.rules = rules
        recentEntries = rules.maxEntriesPerHour.map { RingBuffer(capacity: $0, filler: Int64.min) }
    }

    mutating func stoppedOut(atBar bar: Int) {
        blockedUntilBar = max(blockedUntilBar, bar + 1 + rules.cooldownBarsAfterStop)
    }

    mutating func entered(at time: Int64) {
        recentEntries?.push(time)
    }

    /// Why an entry at `time` on bar number `bar` is not allowed, or `nil`.
    func entryBlock(atBar bar: Int, time: Int64) -> (RejectReason, String)? {
        if bar < blockedUntilBar {
            return (.riskCooldown, "cooldown after a stop-loss: \(blockedUntilBar - bar) more bars")
        }
        if let recent = recentEntries, recent.isFull, time - recent.oldest < Timeframe.h1.milliseconds {
            return (.riskOrderRate, "\(recent.capacity) entries already in the last hour")
        }
        return nil
    }
}
