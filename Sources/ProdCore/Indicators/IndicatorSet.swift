/// A list of indicators updated together bar by bar, for bulk export and benchmarks.
///
/// Each kind lives in its own typed array so an update is a direct call, with no existential
/// dispatch and no copy of an indicator's buffers.
public struct IndicatorSet: Sendable {
    public let specs: [IndicatorSpec]
    public let columns: [String]
    private var slots: [(kind: IndicatorSpec.Kind, index: Int)] = []
    private var smas: [SMA] = []
    private var emas: [EMA] = []
    private var rsis: [RSI] = []
    private var atrs: [ATR] = []
    private var bands: [BollingerBands] = []
    private var macds: [MACD] = []
    private var adxs: [ADX] = []
    private var channels: [Donchian] = []
    private var volatilities: [RealizedVolatility] = []
    private var zScores: [ZScore] = []
    private var vwaps: [RollingVWAP] = []
    private var rocs: [RateOfChange] = []

    public init(_ specs: [IndicatorSpec]) {
        self.specs = specs
        columns = specs.flatMap(\.columns)
        for spec in specs {
            let period = spec.periods[0]
            let index: Int
            switch spec.kind {
            case .sma: index = Self.append(SMA(period: period), to: &smas)
            case .ema: index = Self.append(EMA(period: period), to: &emas)
            case .rsi: index = Self.append(RSI(period: period), to: &rsis)
            case .atr: index = Self.append(ATR(period: period), to: &atrs)
            case .bb: index = Self.append(BollingerBands(period: period, deviations: spec.deviations), to: &bands)
            case .macd:
                index = Self.append(MACD(fast: period, slow: spec.periods[1], signal: spec.periods[2]), to: &macds)
            case .adx: index = Self.append(ADX(period: period), to: &adxs)
            case .donchian: index = Self.append(Donchian(period: period), to: &channels)
            case .rvol: index = Self.append(RealizedVolatility(period: period), to: &volatilities)
            case .zscore: index = Self.append(ZScore(period: period), to: &zScores)
            case .vwap: index = Self.append(RollingVWAP(period: period), to: &vwaps)
            case .roc: index = Self.append(RateOfChange(period: period), to: &rocs)
            }
            slots.append((spec.kind, index))
        }
    }

    private static func append<T>(_ indicator: T, to array: inout [T]) -> Int {
        array.append(indicator)
        return array.count - 1
    }

    /// Feeds one closed bar to every indicator.
    @inline(__always)
    public mutating func update(_ bar: Bar) {
        let close = bar.close.doubleValue
        let high = bar.high.doubleValue
        let low = bar.low.doubleValue
        Self.each(&smas) { $0.update(close) }
        Self.each(&emas) { $0.update(close) }
        Self.each(&rsis) { $0.update(close) }
        Self.each(&atrs) { $0.update(high: high, low: low, close: close) }
        Self.each(&bands) { $0.update(bar.close) }
        Self.each(&macds) { $0.update(close) }
        Self.each(&adxs) { $0.update(high: high, low: low, close: close) }
        Self.each(&channels) { $0.update(high: high, low: low) }
        Self.each(&volatilities) { $0.update(close) }
        Self.each(&zScores) { $0.update(bar.close) }
        Self.each(&vwaps) { $0.update(quoteVolume: bar.quoteVolume, volume: bar.volume) }
        Self.each(&rocs) { $0.update(close) }
    }

    /// Applies `body` to every element, with one uniqueness check for the whole array.
    @inline(__always)
    private static func each<T>(_ array: inout [T], _ body: (inout T) -> Void) {
        guard !array.isEmpty else { return }
        array.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices { body(&buffer[index]) }
        }
    }

    /// The current values in `columns` order; NaN where an indicator is still warming up.
    public func values() -> [Double] {
        var row: [Double] = []
        row.reserveCapacity(columns.count)
        for slot in slots {
            let i = slot.index
            switch slot.kind {
            case .sma: row.append(smas[i].value)
            case .ema: row.append(emas[i].value)
            case .rsi: row.append(rsis[i].value)
            case .atr: row.append(atrs[i].value)
            case .bb: row += [bands[i].upper, bands[i].middle, bands[i].lower]
            case .macd: row += [macds[i].macd, macds[i].signal, macds[i].histogram]
            case .adx: row += [adxs[i].adx, adxs[i].plusDI, adxs[i].minusDI]
            case .donchian: row += [channels[i].upper, channels[i].middle, channels[i].lower]
            case .rvol: row.append(volatilities[i].value)
            case .zscore: row.append(zScores[i].value)
            case .vwap: row.append(vwaps[i].value)
            case .roc: row.append(rocs[i].value)
            }
        }
        return row
    }
}
