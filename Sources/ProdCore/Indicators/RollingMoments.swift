/// Rolling mean and population variance of the last `period` `Double` values from running sums,
/// in TA-Lib `VAR`'s order of operations.
///
/// A window whose values are all equal reports a variance of exactly 0, instead of the
/// rounding residue the running sums may still hold.
public struct RollingMoments: Sendable, Codable {
    public let period: Int
    public private(set) var mean = Double.nan
    public private(set) var variance = Double.nan
    private var window: RingBuffer<Double>
    private var sum = 0.0
    private var sumOfSquares = 0.0
    private var equalRun = 0
    private var last = Double.nan

    public init(period: Int) {
        precondition(period >= 1)
        self.period = period
        window = RingBuffer(capacity: period, filler: 0)
    }

    public var isReady: Bool { window.isFull }

    @inline(__always)
    public mutating func update(_ input: Double) {
        equalRun = input == last ? equalRun + 1 : 1
        last = input
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
        variance = equalRun >= period ? 0 : meanOfSquares - mean * mean
    }

    /// Standard deviation with rounding noise (variance ≤ 0) clamped to 0.
    @inline(__always)
    public var standardDeviation: Double {
        variance > 0 ? variance.squareRoot() : 0
    }
}
