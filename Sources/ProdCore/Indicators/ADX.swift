/// Wilder's directional movement system: +DI and −DI (TA-Lib `PLUS_DI` / `MINUS_DI`, first values
/// after `period + 1` inputs) and ADX (TA-Lib `ADX`, first value after `2 × period` inputs).
public struct ADX: Sendable, Codable {
    public let period: Int
    public private(set) var adx = Double.nan
    public private(set) var plusDI = Double.nan
    public private(set) var minusDI = Double.nan
    private var seen = 0
    private var previousHigh = 0.0
    private var previousLow = 0.0
    private var previousClose = 0.0
    private var smoothedPlusDM = 0.0
    private var smoothedMinusDM = 0.0
    private var smoothedTR = 0.0
    private var sumDX = 0.0

    public init(period: Int) {
        precondition(period >= 2)
        self.period = period
    }

    public var isReady: Bool { seen >= 2 * period }

    @inline(__always)
    public mutating func update(high: Double, low: Double, close: Double) {
        seen += 1
        defer {
            previousHigh = high
            previousLow = low
            previousClose = close
        }
        guard seen > 1 else { return }
        let n = Double(period)
        let upMove = high - previousHigh
        let downMove = previousLow - low
        let range = IndicatorMath.trueRange(high: high, low: low, previousClose: previousClose)
        if seen <= period {
            if downMove > 0 && upMove < downMove {
                smoothedMinusDM += downMove
            } else if upMove > 0 && upMove > downMove {
                smoothedPlusDM += upMove
            }
            smoothedTR += range
            return
        }
        smoothedMinusDM -= smoothedMinusDM / n
        smoothedPlusDM -= smoothedPlusDM / n
        if downMove > 0 && upMove < downMove {
            smoothedMinusDM += downMove
        } else if upMove > 0 && upMove > downMove {
            smoothedPlusDM += upMove
        }
        smoothedTR = smoothedTR - smoothedTR / n + range
        updateDirectionalIndex(n)
    }

    @inline(__always)
    private mutating func updateDirectionalIndex(_ n: Double) {
        guard !IndicatorMath.isZero(smoothedTR) else {
            plusDI = 0
            minusDI = 0
            if seen == 2 * period { adx = sumDX / n }
            return
        }
        minusDI = 100.0 * (smoothedMinusDM / smoothedTR)
        plusDI = 100.0 * (smoothedPlusDM / smoothedTR)
        let total = minusDI + plusDI
        let dx: Double? = IndicatorMath.isZero(total) ? nil : 100.0 * (abs(minusDI - plusDI) / total)
        if seen < 2 * period {
            if let dx { sumDX += dx }
        } else if seen == 2 * period {
            if let dx { sumDX += dx }
            adx = sumDX / n
        } else if let dx {
            adx = (adx * (n - 1) + dx) / n
        }
    }
}
