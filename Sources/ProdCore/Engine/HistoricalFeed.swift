/// Merges stored series into the engine's input order: by time; at equal times controls first,
/// then funding rates (settled on the positions held at that instant), then bars in instrument
/// order. The same series always give the same sequence.
public struct HistoricalFeed: Sendable {
    /// Bars of each instrument of the run, in time order, indexed like `EngineConfig.instruments`.
    public var bars: [[Bar]]
    public var funding: [[FundingRateEvent]]
    public var controls: [(time: Int64, control: Control)]

    public init(bars: [[Bar]], funding: [[FundingRateEvent]]? = nil, controls: [(time: Int64, control: Control)] = []) {
        self.bars = bars
        self.funding = funding ?? Array(repeating: [], count: bars.count)
        self.controls = controls.sorted { $0.time < $1.time }
    }

    public var barCount: Int { bars.reduce(0) { $0 + $1.count } }

    /// Calls `body` with every input in order.
    public func forEach(_ body: (EngineInput) throws -> Void) rethrows {
        // A lone series needs no merge; skipping it is 10–20 % of a single-strategy run's engine time.
        if bars.count == 1 && funding[0].isEmpty && controls.isEmpty {
            for bar in bars[0] { try body(.bar(0, bar)) }
            return
        }
        var barIndex = Array(repeating: 0, count: bars.count)
        var fundingIndex = Array(repeating: 0, count: funding.count)
        var controlIndex = 0
        while true {
            var next: (time: Int64, rank: Int, instrument: Int)?
            func consider(_ time: Int64, _ rank: Int, _ instrument: Int) {
                if let best = next, (best.time, best.rank, best.instrument) <= (time, rank, instrument) { return }
                next = (time, rank, instrument)
            }
            if controlIndex < controls.count { consider(controls[controlIndex].time, 0, 0) }
            for instrument in funding.indices where fundingIndex[instrument] < funding[instrument].count {
                consider(funding[instrument][fundingIndex[instrument]].time, 1, instrument)
            }
            for instrument in bars.indices where barIndex[instrument] < bars[instrument].count {
                consider(bars[instrument][barIndex[instrument]].openTime, 2, instrument)
            }
            guard let chosen = next else { return }
            switch chosen.rank {
            case 0:
                try body(.control(controls[controlIndex].control, time: chosen.time))
                controlIndex += 1
            case 1:
                let event = funding[chosen.instrument][fundingIndex[chosen.instrument]]
                try body(.fundingRate(chosen.instrument, time: event.time, rate: event.rate))
                fundingIndex[chosen.instrument] += 1
            default:
                try body(.bar(chosen.instrument, bars[chosen.instrument][barIndex[chosen.instrument]]))
                barIndex[chosen.instrument] += 1
            }
        }
    }
}

extension HistoricalFeed {
    /// Runs every input through `engine` and finishes the run, unrecorded: the equity points,
    /// which only a recorder keeps, are dropped as they come instead of piling up.
    public func run(_ engine: inout TradingEngine) -> RunResult {
        var inputs = 0
        forEach { input in
            engine.process(input)
            inputs += 1
            if inputs % 8192 == 0 { _ = engine.takeEquityPoints() }
        }
        return engine.finish()
    }
}
