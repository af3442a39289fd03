import ProdCore

/// Turns the decision features of one symbol, bar after bar, into a regime. Stateful (history,
/// hysteresis) but deterministic: the same features in the same order give the same regimes.
public protocol RegimeClassifier: Sendable {
    /// The regime after this bar; `nil` while the features are not warm yet.
    mutating func classify(_ features: SymbolFeatures) -> MarketRegime?
}

/// The classifiers `configs/brain.yaml` and `brain regime --classifier` may name.
public enum RegimeClassifierKind: String, CaseIterable, Sendable, Codable {
    /// Trend, volatility and range-ness rules with hysteresis (`TrendVolatilityClassifier`).
    case rules
    /// A Gaussian hidden Markov model on returns, volatility and the EMA gap (`HMMClassifier`).
    case hmm
    /// Volatility first, then the sign of the EMA gap alone: a simple baseline to compare against.
    case emaGap = "ema_gap"

    public func make() -> any RegimeClassifier {
        switch self {
        case .rules: TrendVolatilityClassifier()
        case .hmm: HMMClassifier()
        case .emaGap: EMAGapClassifier()
        }
    }
}
