/// How far a taker fill moves from its reference price, against the order: a fixed part, a part
/// growing with the order's share of the bar's volume, and a part growing with the last closed
/// bar's range (volatility). The result is rounded to the tick, against the order.
public struct SlippageModel: Equatable, Sendable {
    public var fixedBasisPoints: Int64
    /// Basis points added when the order is the bar's whole volume; linear in the share.
    public var impactBasisPoints: Double
    /// Fraction of the last bar's (high − low) / close added.
    public var volatilityShare: Double

    public init(fixedBasisPoints: Int64 = 0, impactBasisPoints: Double = 0, volatilityShare: Double = 0) {
        self.fixedBasisPoints = fixedBasisPoints
        self.impactBasisPoints = impactBasisPoints
        self.volatilityShare = volatilityShare
    }

    public var isZero: Bool { fixedBasisPoints == 0 && impactBasisPoints == 0 && volatilityShare == 0 }

    /// `reference` moved against an order on `side`, on the tick grid, never below one tick.
    /// `volumeShare` = quantity / bar volume (1 when the bar has no volume); `lastRange` =
    /// (high − low) / close of the last closed bar. The fixed part is exact; the others are
    /// computed in `Double` and rounded to 10^-8.
    func slipped(_ reference: Price, _ side: OrderSide, volumeShare: Double, lastRange: Double, tick: Price) -> Price {
        guard !isZero else { return reference }
        let variable = impactBasisPoints / 10_000 * min(max(volumeShare, 0), 1) + volatilityShare * max(lastRange, 0)
        let shift = FixedPointMath.product(reference.raw, fixedBasisPoints * 10_000, .nearest)
            + Int64((reference.doubleValue * variable * Double(FixedPointScale.factor)).rounded())
        return reference.moved(by: shift, down: side == .sell, tick: tick)
    }
}
