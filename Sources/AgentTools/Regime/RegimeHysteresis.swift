/// Keeps a regime from flapping: a new regime replaces the current one only after it has been
/// proposed on `confirmBars` bars in a row, and no sooner than `minimumDwellBars` after the
/// last switch.
public struct RegimeHysteresis: Sendable {
    public let confirmBars: Int
    public let minimumDwellBars: Int
    public private(set) var current: MarketRegime?
    private var candidate: MarketRegime?
    private var candidateBars = 0
    private var barsInCurrent = 0

    public init(confirmBars: Int, minimumDwellBars: Int) {
        precondition(confirmBars >= 1 && minimumDwellBars >= 0)
        self.confirmBars = confirmBars
        self.minimumDwellBars = minimumDwellBars
    }

    /// Takes this bar's proposal and returns the regime in force after it.
    public mutating func update(_ proposal: MarketRegime) -> MarketRegime {
        barsInCurrent += 1
        guard let current else {
            self.current = proposal
            barsInCurrent = 0
            return proposal
        }
        if proposal == current {
            candidate = nil
            candidateBars = 0
            return current
        }
        if proposal == candidate {
            candidateBars += 1
        } else {
            candidate = proposal
            candidateBars = 1
        }
        if candidateBars >= confirmBars && barsInCurrent >= minimumDwellBars {
            self.current = proposal
            candidate = nil
            candidateBars = 0
            barsInCurrent = 0
        }
        return self.current!
    }
}
