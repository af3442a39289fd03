/// Bollinger Bands: SMA(period) ± deviations × population standard deviation (TA-Lib `BBANDS`
/// with an SMA; first value after `period` inputs). Moments are exact; see `ExactMoments`.
public struct BollingerBands: Sendable, Codable {
    public let period: Int
    public let deviations: Double
    public private(set) var upper = Double.nan
    public private(set) var middle = Double.nan
    public private(set) var lower = Double.nan
    private var moments: ExactMoments

    public init(period: Int, deviations: Double) {
        precondition(period >= 2 && period <= 10_000 && deviations.isFinite && deviations > 0)
        self.period = period
        self.deviations = deviations
        moments = ExactMoments(period: period)
    }

    public var isReady: Bool { moments.isReady }

    @inline(__always)
    public mutating func update(_ price: Price) {
        moments.update(price.raw)
        guard moments.isReady else { return }
        let width = moments.taLibStandardDeviation * deviations
        middle = moments.mean
        upper = middle + width
        lower = middle - width
    }
}
