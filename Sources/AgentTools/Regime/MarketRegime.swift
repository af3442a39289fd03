import ExchangeSim
import ProdCore

/// The market state the MarketRegime agent reports per symbol and `configs/enable_map.yaml` keys on.
public enum MarketRegime: String, CaseIterable, Sendable, Codable {
    case bullish
    case bearish
    case range
    case highVol = "high_vol"

    /// The regime a synthetic segment is labeled as: a crash is a high-volatility market.
    public init(truth: SyntheticRegime) {
        switch truth {
        case .trendUp: self = .bullish
        case .trendDown: self = .bearish
        case .ranging: self = .range
        case .highVol, .crash: self = .highVol
        }
    }
}
