/// How many standard deviations the value is from its `period`-bar mean:
/// (x − SMA) / STDDEV, with TA-Lib's SMA and population STDDEV; 0 when the deviation is 0.
public struct ZScore: Sendable {
    public let period: Int
    public private(set) var value = Double.nan
    private var moments: RollingMoments

    public init(period: Int) {
        precondition(period >= 2)
        self.period = period
        moments = RollingMoments(period: period)
    }

    public var isReady: Bool { moments.isReady }

    @inline(__always)
    public mutating func update(_ input: Double) {
        moments.update(input)
        guard moments.isReady else { return }
        let deviation = moments.taLibStandardDeviation
        value = deviation > 0 ? (input - moments.mean) / deviation : 0
    }
}
