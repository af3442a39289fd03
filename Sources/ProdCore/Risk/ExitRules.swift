/// Protective exits set on every entry. Distances are fractions of the entry price (0.02 = 2 %).
public struct ExitRules: Equatable, Sendable, Codable {
    public var stopLoss: Rate?
    public var takeProfit: Rate?
    /// Once price has moved this far in favour, the stop is raised to break-even (entry plus
    /// round-trip fees): HOLDING → BE_LOCK.
    public var breakEvenTrigger: Rate?
    /// A stop trailing the best close by `multiple` × ATR(`period`).
    public var trailing: TrailingStop?

    public init(stopLoss: Rate? = nil, takeProfit: Rate? = nil, breakEvenTrigger: Rate? = nil, trailing: TrailingStop? = nil) {
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        self.breakEvenTrigger = breakEvenTrigger
        self.trailing = trailing
    }
}

/// An ATR trailing stop; it arms (→ ARMED) once price has moved `armAfter` in favour, or at
/// entry when `armAfter` is nil.
public struct TrailingStop: Equatable, Sendable, Codable {
    public let period: Int
    public let multiple: Double
    public let armAfter: Rate?

    public init(period: Int, multiple: Double, armAfter: Rate? = nil) {
        precondition(period >= 2 && multiple > 0 && multiple.isFinite)
        self.period = period
        self.multiple = multiple
        self.armAfter = armAfter
    }
}

/// Why a position was closed.
public enum ExitReason: String, Sendable, Codable {
    case signal
    case stopLoss = "stop_loss"
    case takeProfit = "take_profit"
    /// Flattened by the kill switch.
    case killSwitch = "kill_switch"
}

/// Where a position's protective exit stands. Phases only move forward.
public enum ExitPhase: Int, Comparable, Sendable, Codable {
    case holding, breakEvenLock, armed, exited

    public static func < (lhs: ExitPhase, rhs: ExitPhase) -> Bool { lhs.rawValue < rhs.rawValue }
}
