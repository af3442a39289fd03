/// Mean reversion inside a range on 5m bars, long only.
///
/// Range: ADX(adx_period) < adx_max. Enter when flat, in a range, close < lower Bollinger band
/// (bb_period, bb_dev) and RSI(rsi_period) < rsi_entry. Exit when close ≥ the middle band or
/// RSI ≥ rsi_exit. Every entry carries a stop of stop_pct % below the entry price.
public struct RangeReversion: Strategy {
    public static let name = "range_rev_5m"
    public static let timeframe: Timeframe? = .m5
    public static let parameters = [
        StrategyParameter("bb_period", range: 5...200, default: 20),
        StrategyParameter("bb_dev", range: 0.5...4, default: 2, isInteger: false),
        StrategyParameter("rsi_period", range: 2...100, default: 14),
        StrategyParameter("rsi_entry", range: 5...50, default: 30, isInteger: false),
        StrategyParameter("rsi_exit", range: 30...95, default: 55, isInteger: false),
        StrategyParameter("adx_period", range: 2...100, default: 14),
        StrategyParameter("adx_max", range: 5...50, default: 20, isInteger: false),
        StrategyParameter("stop_pct", range: 0.1...10, default: 1, isInteger: false),
    ]

    public static func validate(_ parameters: [String: Double]) -> String? {
        parameters["rsi_entry"]! < parameters["rsi_exit"]! ? nil : "rsi_entry must be below rsi_exit"
    }

    private var bands: BollingerBands
    private var rsi: RSI
    private var adx: ADX
    private let rsiEntry: Double
    private let rsiExit: Double
    private let adxMax: Double
    private let stopPercent: Double
    public let warmUpBars: Int

    public init(parameters: [String: Double]) {
        bands = BollingerBands(period: Int(parameters["bb_period"]!), deviations: parameters["bb_dev"]!)
        rsi = RSI(period: Int(parameters["rsi_period"]!))
        adx = ADX(period: Int(parameters["adx_period"]!))
        rsiEntry = parameters["rsi_entry"]!
        rsiExit = parameters["rsi_exit"]!
        adxMax = parameters["adx_max"]!
        stopPercent = parameters["stop_pct"]!
        warmUpBars = max(bands.period, rsi.period + 1, 2 * adx.period)
    }

    public mutating func onBar(_ bar: Bar, position: Quantity) -> Signal? {
        let close = bar.close.doubleValue
        bands.update(bar.close)
        rsi.update(close)
        adx.update(high: bar.high.doubleValue, low: bar.low.doubleValue, close: close)
        guard bands.isReady, rsi.isReady, adx.isReady else { return nil }
        if position.raw == 0 {
            guard adx.adx < adxMax, close < bands.lower, rsi.value < rsiEntry else { return nil }
            return Signal(action: .enter(.buy), stopLossPercent: stopPercent)
        }
        return close >= bands.middle || rsi.value >= rsiExit ? Signal(action: .exit) : nil
    }
}
