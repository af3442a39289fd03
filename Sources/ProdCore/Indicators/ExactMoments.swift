/// Rolling mean and population variance of the last `period` fixed-point values, from exact
/// 128-bit integer sums: no drift over any number of updates, exactly 0 for a constant window,
/// and every result rounded once or twice from the exact value.
public struct ExactMoments: Sendable, Codable {
    /// Largest magnitude (10^15, a price of 10,000,000) for which a period ≤ 10,000 keeps every
    /// sum and product below 2^127, so updates need no overflow checks. Larger values are clamped
    /// and the moments are NaN while one is in the window.
    public static let maximumRaw: Int64 = 1_000_000_000_000_000

    public let period: Int
    /// Mean of the window.
    public private(set) var mean = Double.nan
    /// Population variance of the window.
    public private(set) var variance = Double.nan
    private var window: RingBuffer<Int64>
    private var sum: Int128 = 0
    private var sumOfSquares: Int128 = 0
    private var updates = 0
    private var lastOutOfRange = Int.min / 2
    private static let scale = Double(FixedPointScale.factor)

    public init(period: Int) {
        precondition(period >= 1 && period <= 10_000)
        self.period = period
        window = RingBuffer(capacity: period, filler: 0)
    }

    public var isReady: Bool { window.isFull }

    @inline(__always)
    public mutating func update(_ raw: Int64) {
        updates += 1
        let value = Self.clamped(raw)
        if value != raw { lastOutOfRange = updates }
        if window.isFull {
            let leaving = window.oldest
            sum &-= Int128(leaving)
            sumOfSquares &-= Self.square(leaving)
        }
        window.push(value)
        sum &+= Int128(value)
        sumOfSquares &+= Self.square(value)
        guard window.isFull else { return }
        guard updates - lastOutOfRange >= period else {
            mean = .nan
            variance = .nan
            return
        }
        mean = sum.approximateDouble / (Double(period) * Self.scale)
        let spread = Int128(period) &* sumOfSquares &- sum &* sum
        variance = spread.approximateDouble / (Double(period) * Double(period) * Self.scale * Self.scale)
    }

    /// (value − mean) for the latest value, computed exactly before rounding.
    @inline(__always)
    public func deviation(of raw: Int64) -> Double {
        (Int128(period) &* Int128(Self.clamped(raw)) &- sum).approximateDouble / (Double(period) * Self.scale)
    }

    /// Standard deviation as TA-Lib's `STDDEV` reports it: 0 when the variance is below 1e-8.
    @inline(__always)
    public var taLibStandardDeviation: Double {
        IndicatorMath.isZeroOrNegative(variance) ? 0 : variance.squareRoot()
    }

    @inline(__always)
    private static func clamped(_ raw: Int64) -> Int64 { min(max(raw, -maximumRaw), maximumRaw) }

    /// value², from one 64 × 64 → 128-bit multiply.
    @inline(__always)
    private static func square(_ value: Int64) -> Int128 {
        let product = value.multipliedFullWidth(by: value)
        return Int128(product.high) << 64 | Int128(product.low)
    }
}
