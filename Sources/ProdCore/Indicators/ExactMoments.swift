/// Rolling mean and population variance of the last `period` fixed-point values, from exact
/// 128-bit integer sums: no drift over any number of updates, exactly 0 for a constant window,
/// and every result rounded once or twice from the exact value.
public struct ExactMoments: Sendable {
    public let period: Int
    /// Mean of the window.
    public private(set) var mean = Double.nan
    /// Population variance of the window; NaN if the sums left 128-bit range (prices above ~10^7).
    public private(set) var variance = Double.nan
    private var window: RingBuffer<Int64>
    private var sum: Int128 = 0
    private var sumOfSquares: Int128 = 0
    private let scale = Double(FixedPointScale.factor)

    public init(period: Int) {
        precondition(period >= 1 && period <= 10_000)
        self.period = period
        window = RingBuffer(capacity: period, filler: 0)
    }

    public var isReady: Bool { window.isFull }

    @inline(__always)
    public mutating func update(_ raw: Int64) {
        if window.isFull {
            let leaving = Int128(window.oldest)
            sum -= leaving
            sumOfSquares -= leaving * leaving
        }
        window.push(raw)
        let value = Int128(raw)
        sum += value
        sumOfSquares += value * value
        guard window.isFull else { return }
        let n = Int128(period)
        mean = sum.approximateDouble / (Double(period) * scale)
        let (scaledSquares, overflow1) = n.multipliedReportingOverflow(by: sumOfSquares)
        let (squaredSum, overflow2) = sum.multipliedReportingOverflow(by: sum)
        guard !overflow1, !overflow2 else {
            variance = .nan
            return
        }
        variance = (scaledSquares - squaredSum).approximateDouble / (Double(period) * Double(period) * scale * scale)
    }

    /// (value − mean) for the latest value, computed exactly before rounding.
    @inline(__always)
    public func deviation(of raw: Int64) -> Double {
        (Int128(period) * Int128(raw) - sum).approximateDouble / (Double(period) * scale)
    }

    /// Standard deviation as TA-Lib's `STDDEV` reports it: 0 when the variance is below 1e-8.
    @inline(__always)
    public var taLibStandardDeviation: Double {
        IndicatorMath.isZeroOrNegative(variance) ? 0 : variance.squareRoot()
    }
}
