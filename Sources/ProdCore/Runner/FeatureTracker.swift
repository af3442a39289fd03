import Foundation

/// The per-instrument features of a decision snapshot, computed on bars of the decision interval
/// aggregated from the feed's 1m bars. Outputs only: they never reach the engine, so they need
/// no snapshot; a restarted runner rebuilds them from the feed.
struct FeatureTracker {
    private var instruments: [Tracked]

    init(instruments: [InstrumentID], interval: Timeframe) {
        self.instruments = instruments.map { Tracked(id: $0, aggregator: BarAggregator(timeframe: interval)) }
    }

    mutating func observe(_ input: EngineInput) {
        guard case .bar(let instrument, let bar) = input else { return }
        var closedBars: [Bar] = []
        instruments[instrument].aggregator.add(bar) { closedBars.append($0.bar) }
        for closed in closedBars { instruments[instrument].update(closed) }
    }

    var features: [SymbolFeatures] { instruments.map(\.features) }

    private struct Tracked {
        let id: InstrumentID
        var aggregator: BarAggregator
        var bars = 0
        var close: Price?
        var emaFast = EMA(period: 20)
        var emaSlow = EMA(period: 50)
        var adx = ADX(period: 14)
        var atr = ATR(period: 14)
        var volatility = RealizedVolatility(period: 20)
        var bands = BollingerBands(period: 20, deviations: 2)
        var rsi = RSI(period: 14)
        /// The last 21 closes, oldest first, for the efficiency ratio.
        var closes: [Double] = []

        mutating func update(_ bar: Bar) {
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
            closes.append(price)
            if closes.count > 21 { closes.removeFirst() }
        }

        var features: SymbolFeatures {
            func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
            let price = close?.doubleValue ?? .nan
            var efficiency: Double?
            if closes.count == 21 {
                let path = zip(closes.dropFirst(), closes).reduce(0) { $0 + abs($1.0 - $1.1) }
                efficiency = path > 0 ? abs(closes[20] - closes[0]) / path : 0
            }
            return SymbolFeatures(
                symbol: id.symbol, market: id.market, bars: bars, close: close, emaFast: finite(emaFast.value),
                emaSlow: finite(emaSlow.value), adx: finite(adx.adx), atrPct: finite(atr.value / price),
                realizedVol: finite(volatility.value), bandWidth: finite((bands.upper - bands.lower) / bands.middle),
                efficiencyRatio: efficiency, rsi: finite(rsi.value))
        }
    }
}
