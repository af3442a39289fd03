/// The per-instrument features of a decision snapshot, computed on bars of the decision interval
/// aggregated from the feed's 1m bars. Outputs only: they never reach the engine, so they need
/// no snapshot; a restarted runner rebuilds them from the feed.
struct FeatureTracker {
    private var instruments: [(aggregator: BarAggregator, features: DecisionFeatures)]

    init(instruments: [InstrumentID], interval: Timeframe) {
        self.instruments = instruments.map { (BarAggregator(timeframe: interval), DecisionFeatures(id: $0)) }
    }

    mutating func observe(_ input: EngineInput) {
        guard case .bar(let instrument, let bar) = input else { return }
        var closedBars: [Bar] = []
        instruments[instrument].aggregator.add(bar) { closedBars.append($0.bar) }
        for closed in closedBars { instruments[instrument].features.update(closed) }
    }

    var features: [SymbolFeatures] { instruments.map(\.features.features) }
}
