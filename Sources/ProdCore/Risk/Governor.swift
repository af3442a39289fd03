/// Something the governor or the data-quality gate did, with its reason code.
public struct GovernorEvent: Equatable, Sendable, Codable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        /// Day loss reached `max_daily_loss`: new entries are blocked until the next UTC day.
        case dailyLossHalt = "daily_loss_halt"
        /// A new UTC day began after a halt: entries are allowed again.
        case resumed
        /// A gap in the bars: entries pause until the strategy's indicators are warm again.
        case dataGapPause = "data_gap_pause"
        /// A bar failed validation and was not used: entries pause like after a gap.
        case badBarPause = "bad_bar_pause"
        /// The kill switch: entries blocked, working orders cancelled, positions optionally flattened.
        case killSwitch = "kill_switch"
        /// The kill switch was released.
        case killSwitchReleased = "kill_switch_released"
        /// The runner lost the brain (no heartbeat or no plan in time): entries blocked, working entries cancelled.
        case safeModeEntered = "safe_mode_entered"
        /// The brain is back with a valid plan: entries allowed again.
        case safeModeLeft = "safe_mode_left"
        /// A plan was applied; the detail names its source.
        case planApplied = "plan_applied"
        /// A plan was rejected; the detail lists the reasons. The previous plan stays.
        case planRejected = "plan_rejected"
    }

    public let time: Int64
    public let kind: Kind
    public let detail: String
}

/// Enforces the global hard limits on entries. Exits are never blocked.
///
/// The day loss is measured at each bar's close against the equity at the close of the
/// previous UTC day (the initial cash on the first day).
public struct Governor: Sendable, Codable {
    /// The governance file's limits as tightened by the current plan.
    public var limits: GovernanceLimits {
        didSet { allowance = dayStartEquity.times(limits.maxDailyLoss, .down) }
    }
    /// The day loss allowed today: start equity × max daily loss, kept so the hot path need not recompute it.
    private var allowance: Money
    private var day: Int64?
    /// The equity the day's loss is measured from.
    public private(set) var dayStartEquity: Money
    private var lastEquity: Money
    public private(set) var isHaltedForDay = false
    public private(set) var isKilled = false
    /// The runner's dead-man switch: the brain went silent, so no new entries until it is back.
    public private(set) var isSafeMode = false

    public init(limits: GovernanceLimits, initialEquity: Money) {
        self.limits = limits
        dayStartEquity = initialEquity
        lastEquity = initialEquity
        allowance = initialEquity.times(limits.maxDailyLoss, .down)
    }

    /// Called at the start of each bar: a new UTC day resets the day's loss.
    public mutating func beginBar(at time: Int64) -> GovernorEvent? {
        let today = Timeframe.d1.bucketStart(of: time)
        guard today != day else { return nil }
        let wasHalted = isHaltedForDay && day != nil
        day = today
        dayStartEquity = lastEquity
        allowance = dayStartEquity.times(limits.maxDailyLoss, .down)
        isHaltedForDay = false
        return wasHalted ? GovernorEvent(time: time, kind: .resumed, detail: "new UTC day, start equity \(dayStartEquity)") : nil
    }

    /// Called with the equity marked at a bar's close; halts entries when the day loss reaches the limit.
    public mutating func observe(equity: Money, at time: Int64) -> GovernorEvent? {
        lastEquity = equity
        guard !isHaltedForDay else { return nil }
        let loss = dayStartEquity - equity
        guard loss >= allowance, allowance.isPositive else { return nil }
        isHaltedForDay = true
        return GovernorEvent(
            time: time, kind: .dailyLossHalt,
            detail: "day loss \(loss) ≥ limit \(allowance) (\(limits.maxDailyLoss.doubleValue * 100) % of \(dayStartEquity))")
    }

    /// Loss since the start of the UTC day at the last observed equity (negative: a gain).
    public var dayLoss: Money { dayStartEquity - lastEquity }
    /// The day loss at which entries halt for the rest of the UTC day.
    public var dayLossLimit: Money { allowance }

    public mutating func engageKillSwitch() { isKilled = true }
    public mutating func releaseKillSwitch() { isKilled = false }
    public mutating func setSafeMode(_ on: Bool) { isSafeMode = on }

    /// Why an entry of `notional` may not be placed, or `nil` when it may. `leveragedExposure` is
    /// the value of all USDT-M positions when the entry is on USDT-M, `nil` for a spot entry.
    public func entryBlock(notional: Money, grossExposure: Money, leveragedExposure: Money?, equity: Money) -> (RejectReason, String)? {
        if isKilled { return (.governorKillSwitch, "kill switch engaged") }
        if isSafeMode { return (.governorSafeMode, "safe mode: the brain is silent") }
        if isHaltedForDay { return (.governorDailyLoss, "entries blocked until the next UTC day") }
        if notional > limits.maxPositionNotional {
            return (.governorPositionNotional, "notional \(notional) > max_position_notional \(limits.maxPositionNotional)")
        }
        let cap = equity.times(limits.maxGrossExposure, .down)
        if grossExposure + notional > cap {
            return (.governorGrossExposure, "gross exposure \(grossExposure + notional) > \(cap)")
        }
        if let leveraged = leveragedExposure {
            let leverageCap = equity.times(limits.maxLeverage, .down)
            if leveraged + notional > leverageCap {
                return (.governorLeverage, "USDT-M exposure \(leveraged + notional) > \(limits.maxLeverage)× equity \(equity)")
            }
        }
        return nil
    }
}
