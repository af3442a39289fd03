import ProdCore

/// What a sweep ranks combinations by; higher is better. A combination without the number
/// (no losing trade for a profit factor, no variation for a Sharpe ratio) ranks last.
public enum Objective: String, Sendable, CaseIterable, Codable {
    case sharpe, sortino
    case profitFactor = "profit_factor"
    case totalReturn = "return"
    /// Return over max drawdown.
    case calmar

    public func value(_ figures: PerformanceFigures) -> Double? {
        switch self {
        case .sharpe: figures.sharpe
        case .sortino: figures.sortino
        case .profitFactor: figures.trades.profitFactor
        case .totalReturn: figures.totalReturn
        case .calmar: figures.maxDrawdown > 0 ? figures.totalReturn / figures.maxDrawdown : nil
        }
    }
}
