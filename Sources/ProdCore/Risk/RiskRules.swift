/// Per-strategy risk rules on entries (exits are never limited).
public struct RiskRules: Equatable, Sendable, Codable {
    /// Bars without entries after a stop-loss exit; 0 = no cooldown.
    public var cooldownBarsAfterStop: Int
    /// Most entries in any rolling hour of event time; `nil` = no cap.
    public var maxEntriesPerHour: Int?
    /// Largest value of one strategy's position on one instrument; `nil` = only the governor's cap.
    public var maxPositionNotional: Money?
    /// Most positions open at once across all strategies and instruments; `nil` = no cap.
    public var maxOpenPositions: Int?

    public init(cooldownBarsAfterStop: Int = 0, maxEntriesPerHour: Int? = nil, maxPositionNotional: Money? = nil, maxOpenPositions: Int? = nil) {
        self.cooldownBarsAfterStop = cooldownBarsAfterStop
        self.maxEntriesPerHour = maxEntriesPerHour
        self.maxPositionNotional = maxPositionNotional
        self.maxOpenPositions = maxOpenPositions
    }
}

/// Tracks what `RiskRules` need: when the last stop-loss happened and the entry times of the
/// last hour. The rules may change with a new plan; the history stays.
struct RiskState: Sendable, Codable {
    var rules: RiskRules
    private var blockedUntilBar = 0
    private var entriesInLastHour: [Int64] = []

    init(rules: RiskRules) {
        self.rules = rules
    }

    mutating func stoppedOut(atBar bar: Int) {
        blockedUntilBar = max(blockedUntilBar, bar + 1 + rules.cooldownBarsAfterStop)
    }

    mutating func entered(at time: Int64) {
        entriesInLastHour.removeAll { time - $0 >= Timeframe.h1.milliseconds }
        entriesInLastHour.append(time)
    }

    /// Why an entry at `time` on decision bar number `bar` is not allowed, or `nil`.
    func entryBlock(atBar bar: Int, time: Int64) -> (RejectReason, String)? {
        if bar < blockedUntilBar {
            return (.riskCooldown, "cooldown after a stop-loss: \(blockedUntilBar - bar) more bars")
        }
        if let cap = rules.maxEntriesPerHour, entriesInLastHour.filter({ time - $0 < Timeframe.h1.milliseconds }).count >= cap {
            return (.riskOrderRate, "\(cap) entries already in the last hour")
        }
        return nil
    }
}
