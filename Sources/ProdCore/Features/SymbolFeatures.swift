/// Features of one instrument on bars of the decision interval; `nil` until warm.
public struct SymbolFeatures: Equatable, Sendable, Codable {
    public var symbol: String
    public var market: Market
    /// Decision-interval bars seen so far.
    public var bars: Int
    public var close: Price?
    public var emaFast: Double?
    public var emaSlow: Double?
    public var adx: Double?
    /// ATR(14) as a fraction of the close.
    public var atrPct: Double?
    /// Standard deviation of the last 20 log returns, per decision bar (not annualized).
    public var realizedVol: Double?
    /// Bollinger(20, 2) width as a fraction of the middle band.
    public var bandWidth: Double?
    /// |close − close 20 bars ago| / Σ|Δclose| over those bars: 1 = straight trend, 0 = noise.
    public var efficiencyRatio: Double?
    public var rsi: Double?
}
