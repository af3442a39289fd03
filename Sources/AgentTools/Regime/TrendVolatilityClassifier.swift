import ProdCore

/// The default regime classifier. On each bar of the decision interval:
/// 1. **high_vol** when realized volatility is at least `highVolEnter` × its median over the last
///    `volatilityWindow` bars and in the top `1 − highVolRank` of them (left below `highVolExit` ×);
/// 2. else **bullish / bearish** when the trend is strong: the EMA(20) − EMA(50) gap, in ATRs,
///    beyond `trendEnter` (kept down to `trendExit`), with the efficiency ratio at least
///    `minimumEfficiency` or ADX at least `minimumADX`;
/// 3. else **range**.
/// The proposal then passes `RegimeHysteresis`. Thresholds sit between the regimes' typical
/// values (docs/agents.md); `brain regime --evaluate` measures them on labeled synthetic data.
public struct TrendVolatilityClassifier: RegimeClassifier {
    public struct Thresholds: Sendable {
        public var volatilityWindow = 720
        public var highVolEnter = 1.8
        public var highVolExit = 1.4
        public var highVolRank = 0.8
        public var trendEnter = 1.3
        public var trendExit = 0.3
        public var minimumEfficiency = 0.2
        public var minimumADX = 25.0
        public var confirmBars = 6
        public var minimumDwellBars = 24

        public init() {}
    }

    public let thresholds: Thresholds
    private var volatility: RollingPercentile
    private var hysteresis: RegimeHysteresis

    public init(thresholds: Thresholds = Thresholds()) {
        self.thresholds = thresholds
        volatility = RollingPercentile(capacity: thresholds.volatilityWindow)
        hysteresis = RegimeHysteresis(confirmBars: thresholds.confirmBars, minimumDwellBars: thresholds.minimumDwellBars)
    }

    public mutating func classify(_ features: SymbolFeatures) -> MarketRegime? {
        guard let close = features.close?.doubleValue, let fast = features.emaFast, let slow = features.emaSlow,
              let atr = features.atrPct, atr > 0, let realized = features.realizedVol,
              let efficiency = features.efficiencyRatio, let adx = features.adx
        else { return nil }
        defer { volatility.add(realized) }
        guard volatility.count >= thresholds.volatilityWindow / 4, let median = volatility.median, median > 0 else { return nil }
        let proposal = propose(
            volatilityRatio: realized / median, volatilityRank: volatility.rank(of: realized),
            trendStrength: (fast - slow) / close / atr, efficiency: efficiency, adx: adx)
        return hysteresis.update(proposal)
    }

    /// The regime these measurements point to, given the one in force (exit thresholds are looser
    /// than entry ones).
    func propose(volatilityRatio: Double, volatilityRank: Double, trendStrength: Double, efficiency: Double, adx: Double) -> MarketRegime {
        let current = hysteresis.current
        let highVol = current == .highVol
            ? volatilityRatio >= thresholds.highVolExit
            : volatilityRatio >= thresholds.highVolEnter && volatilityRank >= thresholds.highVolRank
        if highVol { return .highVol }
        let confirmed = efficiency >= thresholds.minimumEfficiency || adx >= thresholds.minimumADX
        if current == .bullish && trendStrength >= thresholds.trendExit { return .bullish }
        if current == .bearish && trendStrength <= -thresholds.trendExit { return .bearish }
        if trendStrength >= thresholds.trendEnter && confirmed { return .bullish }
        if trendStrength <= -thresholds.trendEnter && confirmed { return .bearish }
        return .range
    }
}
