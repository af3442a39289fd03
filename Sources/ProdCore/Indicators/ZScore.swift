/// How many standard deviations the value is from its `period`-bar mean:
/// (x − SMA) / STDDEV with TA-Lib's population STDDEV (exact moments, see `ExactMoments`);
/// 0 when the deviation is 0.
public struct ZScore: Sendable, Codable {
    public let period: Int
    public private(set) var value = Double.nan
    private var moments: ExactMoments

    public init(period: Int) {
        precondition(period >= 2 && period <= 10_000)
        self.period = period
        moments = ExactMoments(period: period)
    }

    public var isReady: Bool { moments.isReady }

    @inline(__always)
    public mutating func update(_ price: Price) {
        moments.update(price.raw)
        guard moments.isReady else { return }
        let deviation = moments.taLibStandardDeviation
        value = deviation > 0 ? moments.deviation(of: price.raw) / deviation : 0
    }
}
