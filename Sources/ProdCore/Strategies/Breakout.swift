/// Range breakout on 4h bars, long only, with a volatility filter and volume confirmation.
///
/// Enter when flat and the close is above the highest high of the previous `lookback` bars,
/// ATR(atr_period) is at least min_atr_pct % of the close (the market moves enough), and the
/// bar's volume is above volume_factor × the average volume of the previous `lookback` bars.
/// Exit when the close is below the lowest low of the previous `exit_lookback` bars. Every entry
/// carries a stop of stop_atr × ATR below the entry, as a percentage of the close.
public struct Breakout: Strategy {
    public static let name = "breakout_4h"
    public static let timeframe: Timeframe? = .h4
    public static let parameters = [
        StrategyParameter("lookback", range: 5...200, default: 20),
        StrategyParameter("exit_lookback", range: 2...200, default: 10),
        StrategyParameter("atr_period", range: 2...100, default: 14),
        StrategyParameter("min_atr_pct", range: 0.05...10, default: 0.5, isInteger: false),
        StrategyParameter("volume_factor", range: 1...5, default: 1.5, isInteger: false),
        StrategyParameter("stop_atr", range: 0.5...10, default: 2, isInteger: false),
    ]

    private var channel: Donchian
    private var exitChannel: Donchian
    private var atr: ATR
    private var volume: SMA
    private let minATRPercent: Double
    private let volumeFactor: Double
    private let stopATR: Double
    public let warmUpBars: Int

    public init(parameters: [String: Double]) {
        let lookback = Int(parameters["lookback"]!)
        channel = Donchian(period: lookback)
        exitChannel = Donchian(period: Int(parameters["exit_lookback"]!))
        atr = ATR(period: Int(parameters["atr_period"]!))
        volume = SMA(period: lookback)
        minATRPercent = parameters["min_atr_pct"]!
        volumeFactor = parameters["volume_factor"]!
        stopATR = parameters["stop_atr"]!
        warmUpBars = max(lookback, exitChannel.period, atr.period) + 1
    }

    public mutating func onBar(_ bar: Bar, position: Quantity) -> Signal? {
        // The channels and the volume average describe the bars before this one.
        let previousHigh = channel.upper
        let previousLow = exitChannel.lower
        let averageVolume = volume.value
        let ready = channel.isReady && exitChannel.isReady && volume.isReady
        let close = bar.close.doubleValue
        channel.update(high: bar.high.doubleValue, low: bar.low.doubleValue)
        exitChannel.update(high: bar.high.doubleValue, low: bar.low.doubleValue)
        volume.update(bar.volume.doubleValue)
        atr.update(high: bar.high.doubleValue, low: bar.low.doubleValue, close: close)
        guard ready, atr.isReady else { return nil }
        if position.raw == 0 {
            let atrPercent = atr.value / close * 100
            guard close > previousHigh, atrPercent >= minATRPercent,
                  bar.volume.doubleValue > volumeFactor * averageVolume
            else { return nil }
            return Signal(action: .enter(.buy), stopLossPercent: stopATR * atrPercent)
        }
        return close < previousLow ? Signal(action: .exit) : nil
    }
}
