/// Rolling mean and population variance of the last `period` values from running sums, with
/// TA-Lib's `VAR` order of operations so that results agree with it bit for bit.
public struct RollingMoments: Sendable {
    public let period: Int
    public private(set) var mean = Double.nan
    public private(set) var variance = Double.nan
    private var window: RingBuffer<Double>
    private var sum = 0.0
    private var sumOfSquares = 0.0

    public init(period: Int) {
        precondition(period >= 1)
        self.period = period
        window = RingBuffer(capacity: period, filler: 0)
    }

    public var isReady: Bool { window.isFull }

    @inline(__always)
    public mutating func update(_ input: Double) {
        sum += input
        sumOfSquares += input * input
        window.push(input)
        guard window.isFull else { return }
        let n = Double(period)
        mean = sum / n
        let meanOfSquares = sumOfSquares / n
        let leaving = window.oldest
        sum -= leaving
        sumOfSquares -= leaving * leaving
        variance = meanOfSquares - mean * mean
    }

    /// Standard deviation as TA-Lib's `STDDEV` reports it: 0 when the variance is below 1e-8.
    @inline(__always)
    public var taLibStandardDeviation: Double {
        IndicatorMath.isZeroOrNegative(variance) ? 0 : variance.squareRoot()
    }

    /// Standard deviation with only rounding noise (variance ≤ 0) clamped to 0; for small-valued
    /// series such as returns, where TA-Lib's 1e-8 floor would hide real volatility.
    @inline(__always)
    public var standardDeviation: Double {
        variance > 0 ? variance.squareRoot() : 0
    }
}
