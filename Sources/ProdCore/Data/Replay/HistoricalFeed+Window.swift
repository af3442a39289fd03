extension HistoricalFeed {
    /// The inputs whose time is in `range`: what an engine sees of a walk-forward fold's window.
    /// Binary searches on sorted series; the bars are copied, the full feed stays shared.
    public func window(_ range: Range<Int64>) -> HistoricalFeed {
        func cut<T>(_ series: [T], time: (T) -> Int64) -> [T] {
            Array(series[Self.firstIndex(series, atOrAfter: range.lowerBound, time: time)..<Self.firstIndex(series, atOrAfter: range.upperBound, time: time)])
        }
        return HistoricalFeed(
            bars: bars.map { cut($0, time: \.openTime) }, funding: funding.map { cut($0, time: \.time) },
            scheduled: scheduled.filter { range.contains($0.time) })
    }

    /// The first index whose time is ≥ `time` (the count when none is).
    private static func firstIndex<T>(_ series: [T], atOrAfter time: Int64, time key: (T) -> Int64) -> Int {
        var (low, high) = (0, series.count)
        while low < high {
            let middle = (low + high) / 2
            if key(series[middle]) < time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Runs `engine` over every input and keeps its equity points: a run whose curve is drawn.
    public func runKeepingEquity(_ engine: inout TradingEngine) -> (result: RunResult, equity: [EquityPoint]) {
        var equity: [EquityPoint] = []
        var inputs = 0
        forEach { input in
            engine.process(input)
            inputs += 1
            if inputs % 8192 == 0 { equity += engine.takeEquityPoints() }
        }
        let result = engine.finish()
        return (result, equity + engine.takeEquityPoints())
    }
}
