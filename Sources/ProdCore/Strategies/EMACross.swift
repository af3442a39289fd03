/// Reference EMA crossover, long only: enter when EMA(fast) crosses above EMA(slow), exit when
/// it crosses below. Crossing means: on this bar fast > slow (fast < slow for the exit) and on
/// the previous bar fast ≤ slow (fast ≥ slow). EMAs are TA-Lib's (SMA-seeded), so signals can be
/// reproduced exactly with TA-Lib.
public struct EMACross: Strategy {
    public static let name = "ema_cross"
    public static let parameters = [
        StrategyParameter("fast", range: 2...1000, default: 20),
        StrategyParameter("slow", range: 3...5000, default: 50),
    ]

    public static func validate(_ parameters: [String: Double]) -> String? {
        parameters["fast"]! < parameters["slow"]! ? nil : "fast must be smaller than slow"
    }

    private var fast: EMA
    private var slow: EMA
    private var previousDifference = Double.nan

    public init(parameters: [String: Double]) {
        fast = EMA(period: Int(parameters["fast"]!))
        slow = EMA(period: Int(parameters["slow"]!))
    }

    public var warmUpBars: Int { slow.period + 1 }

    public mutating func onBar(_ bar: Bar, position: Quantity) -> Signal? {
        let close = bar.close.doubleValue
        fast.update(close)
        slow.update(close)
        guard fast.isReady, slow.isReady else { return nil }
        let difference = fast.value - slow.value
        defer { previousDifference = difference }
        guard !previousDifference.isNaN else { return nil }
        if position.raw == 0 && difference > 0 && previousDifference <= 0 {
            return Signal(action: .enter(.buy))
        }
        if position.raw > 0 && difference < 0 && previousDifference >= 0 {
            return Signal(action: .exit)
        }
        return nil
    }
}
