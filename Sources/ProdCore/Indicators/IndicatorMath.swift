/// Shared definitions that make results match TA-Lib to the last bits.
enum IndicatorMath {
    /// TA-Lib's `TA_IS_ZERO`.
    @inline(__always)
    static func isZero(_ value: Double) -> Bool { -0.00000001 < value && value < 0.00000001 }

    /// TA-Lib's `TA_IS_ZERO_OR_NEG`.
    @inline(__always)
    static func isZeroOrNegative(_ value: Double) -> Bool { value < 0.00000001 }

    /// TA-Lib's `PER_TO_K`: the EMA smoothing factor 2 / (period + 1).
    @inline(__always)
    static func emaFactor(_ period: Int) -> Double { 2.0 / Double(period + 1) }

    /// Wilder's true range: the largest of high − low, |high − previous close|, |low − previous close|.
    @inline(__always)
    static func trueRange(high: Double, low: Double, previousClose: Double) -> Double {
        var greatest = high - low
        let fromHigh = abs(previousClose - high)
        if fromHigh > greatest { greatest = fromHigh }
        let fromLow = abs(previousClose - low)
        if fromLow > greatest { greatest = fromLow }
        return greatest
    }
}
