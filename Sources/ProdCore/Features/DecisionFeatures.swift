/// The features of one instrument that the agents decide on, computed bar by bar on bars of the
/// decision interval: the runner's snapshots and `brain regime` use this one definition, so what
/// a user inspects offline is what the brain sees live.
public struct DecisionFeatures: Sendable {
    public let id: InstrumentID
    public private(set) var bars = 0
    private var close: Price?
    private var emaFast = EMA(period: 20)
    private var emaSlow = EMA(period: 50)
    private var adx = ADX(period: 14)
    private var atr = ATR(period: 14)
    private var volatility = RealizedVolatility(period: 20)
    private var bands = BollingerBands(period: 20, deviations: 2)
    private var rsi = RSI(period: 14)
    /// The last 21 closes, oldest first, for the efficiency ratio.
    private var closes = RingBuffer<Double>(capacity: 21, filler: 0)

    public init(id: InstrumentID) {
        self.id = id
    }

    /// Takes the next closed bar of the decision interval.
    public mutating func update(_ bar: Bar) {
        let high = bar.high.doubleValue, low = bar.low.doubleValue, price = bar.close.doubleValue
        bars += 1
        close = bar.close
        emaFast.update(price)
        emaSlow.update(price)
        adx.update(high: high, low: low, close: price)
        atr.update(high: high, low: low, close: price)
        volatility.update(price)
        bands.update(bar.close)
        rsi.update(price)
        closes.push(price)
    }

    public var features: SymbolFeatures {
        func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
        let price = close?.doubleValue ?? .nan
        var efficiency: Double?
        if closes.isFull {
            var path = 0.0
            for index in 1..<closes.count { path += abs(closes[index] - closes[index - 1]) }
            efficiency = path > 0 ? abs(closes[closes.count - 1] - closes[0]) / path : 0
        }
        return SymbolFeatures(
            symbol: id.symbol, market: id.market, bars: bars, close: close, emaFast: finite(emaFast.value),
            emaSlow: finite(emaSlow.value), adx: finite(adx.adx), atrPct: finite(atr.value / price),
            realizedVol: finite(volatility.value), bandWidth: finite((bands.upper - bands.lower) / bands.middle),
            efficiencyRatio: efficiency, rsi: finite(rsi.value))
    }
}
