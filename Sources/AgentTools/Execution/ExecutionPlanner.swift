/// The Execution agent's policy: how entries are sent, from the market's volatility. Calm markets
/// enter with a passive limit a fraction of an ATR below the close (maker fee, no slippage, may not
/// fill); volatile ones with a market order and a smaller participation cap, since a limit left
/// behind a fast market would chase or miss.
public struct ExecutionPlanner: Sendable, Equatable {
    /// ATR % of the close above which a market is volatile.
    public var volatileATR: Double
    /// Calm: limit offset as a share of ATR %, and bars before an unfilled limit is cancelled.
    public var limitOffsetATRShare: Double
    public var limitTimeoutBars: Int
    /// Largest share of a bar's volume an order may take, calm and volatile.
    public var calmParticipation: Double
    public var volatileParticipation: Double

    public init(
        volatileATR: Double = 0.012, limitOffsetATRShare: Double = 0.1, limitTimeoutBars: Int = 5, calmParticipation: Double = 0.1,
        volatileParticipation: Double = 0.05
    ) {
        self.volatileATR = volatileATR
        self.limitOffsetATRShare = limitOffsetATRShare
        self.limitTimeoutBars = limitTimeoutBars
        self.calmParticipation = calmParticipation
        self.volatileParticipation = volatileParticipation
    }

    public enum Entry: Sendable, Equatable {
        case market(participation: Double)
        case limit(offset: Double, timeoutBars: Int, participation: Double)
    }

    /// The entry policy for a market with this ATR % (`nil`: not warm, treated as volatile) in a
    /// high-volatility regime or not.
    public func entry(atrPct: Double?, highVolatility: Bool) -> Entry {
        guard let atrPct, !highVolatility, atrPct < volatileATR else { return .market(participation: volatileParticipation) }
        // Whole basis points: the offset changes (and a new plan is sent) only when the market does.
        let offset = max(0.0001, (atrPct * limitOffsetATRShare * 10_000).rounded() / 10_000)
        return .limit(offset: offset, timeoutBars: limitTimeoutBars, participation: calmParticipation)
    }
}
