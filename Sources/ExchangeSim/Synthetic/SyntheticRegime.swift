/// The market states the synthetic feed switches between; each bar carries the one it was drawn in.
public enum SyntheticRegime: String, CaseIterable, Sendable, Codable {
    case trendUp = "trend_up"
    case trendDown = "trend_down"
    case ranging
    case highVol = "high_vol"
    case crash

    /// How the log price moves per hour in this regime.
    public struct Dynamics: Sendable {
        /// Mean log return per hour.
        public var drift: Double
        /// Standard deviation of the log return over one hour.
        public var volatility: Double
        /// Ranging: the half-life, in hours, of a move away from the segment's opening price; `nil` = none.
        public var meanReversionHalfLife: Double?
        /// Traded volume relative to a calm market.
        public var volumeFactor: Double
    }

    /// BTC-like magnitudes: about 0.5 % an hour in calm markets (≈ 47 % a year annualized), four
    /// times that in a crash; trends of ±2.4 % a day.
    public var dynamics: Dynamics {
        switch self {
        case .trendUp: Dynamics(drift: 0.0015, volatility: 0.005, meanReversionHalfLife: nil, volumeFactor: 1.2)
        case .trendDown: Dynamics(drift: -0.0015, volatility: 0.005, meanReversionHalfLife: nil, volumeFactor: 1.2)
        case .ranging: Dynamics(drift: 0, volatility: 0.005, meanReversionHalfLife: 8, volumeFactor: 0.8)
        case .highVol: Dynamics(drift: 0, volatility: 0.016, meanReversionHalfLife: 48, volumeFactor: 2)
        case .crash: Dynamics(drift: -0.006, volatility: 0.02, meanReversionHalfLife: nil, volumeFactor: 4)
        }
    }

    /// How long a randomly scheduled segment of this regime lasts, in hours.
    var randomDuration: ClosedRange<Int> {
        switch self {
        case .trendUp, .trendDown, .ranging: 240...720
        case .highVol: 72...240
        case .crash: 12...48
        }
    }
}

/// One stretch of the synthetic market: a regime for a number of hours.
public struct SyntheticSegment: Equatable, Sendable, Codable {
    public var regime: SyntheticRegime
    public var hours: Int

    public init(regime: SyntheticRegime, hours: Int) {
        self.regime = regime
        self.hours = hours
    }
}
