/// Bollinger Bands: SMA(period) ± deviations × population standard deviation (TA-Lib `BBANDS`
/// with an SMA; first value after `period` inputs).
public struct BollingerBands: Sendable {
    public let period: Int
    public let deviations: Double
    public private(set) var upper = Double.nan
    public private(set) var middle = Double.nan
    public private(set) var lower = Double.nan
    private var moments: RollingMoments

    public init(period: Int, deviations: Double) {
        precondition(period >= 2 && deviations.isFinite && deviations > 0)
        self.period = period
        self.deviations = deviations
        moments = RollingMoments(period: period)
    }

    public var isReady: Bool { moments.isReady }

    @inline(__always)
    public mutating func update(_ input: Double) {
        moments.update(input)
        guard moments.isReady else { return }
        let width = moments.taLibStandardDeviation * deviations
        middle = moments.mean
        upper = middle + width
        lower = middle - width
    }
}
