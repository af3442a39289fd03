import ProdCore

/// A baseline classifier: high_vol when realized volatility is twice its running median, else the
/// sign of the EMA(20) − EMA(50) gap beyond a quarter ATR (range inside), without hysteresis.
public struct EMAGapClassifier: RegimeClassifier {
    private var volatility = RollingPercentile(capacity: 720)

    public init() {}

    public mutating func classify(_ features: SymbolFeatures) -> MarketRegime? {
        guard let close = features.close?.doubleValue, let fast = features.emaFast, let slow = features.emaSlow,
              let atr = features.atrPct, atr > 0, let realized = features.realizedVol
        else { return nil }
        defer { volatility.add(realized) }
        guard let median = volatility.median, median > 0 else { return nil }
        if realized >= 2 * median { return .highVol }
        let gap = (fast - slow) / close / atr
        return gap > 0.25 ? .bullish : gap < -0.25 ? .bearish : .range
    }
}
