import ExchangeSim
import ProdCore

/// How well a classifier recovers the true regimes of seeded synthetic markets: bar-level
/// agreement after a warm-up, and how often it switches against how often the truth does.
public struct RegimeEvaluation: Sendable {
    public struct SeedResult: Sendable, Equatable {
        public var seed: UInt64
        public var bars: Int
        public var agreement: Double
        public var switches: Int
        public var trueSwitches: Int
        /// Scored bars by (true regime, classified regime; `nil` = not warm).
        public var confusion: [MarketRegime: [MarketRegime?: Int]]
    }

    public var results: [SeedResult]

    /// Bars pooled over every seed that agreed with the truth.
    public var agreement: Double {
        let bars = results.reduce(0) { $0 + $1.bars }
        return bars == 0 ? 0 : results.reduce(0) { $0 + $1.agreement * Double($1.bars) } / Double(bars)
    }

    public var switchRatio: Double {
        let truth = results.reduce(0) { $0 + $1.trueSwitches }
        return truth == 0 ? 0 : Double(results.reduce(0) { $0 + $1.switches }) / Double(truth)
    }

    public var worstAgreement: Double { results.map(\.agreement).min() ?? 0 }

    /// Scored bars of every seed by (true regime, classified regime).
    public var confusion: [MarketRegime: [MarketRegime?: Int]] {
        results.reduce(into: [:]) { total, result in
            for (truth, row) in result.confusion {
                for (regime, count) in row { total[truth, default: [:]][regime, default: 0] += count }
            }
        }
    }

    /// Runs `kind` on `seeds` synthetic markets of `bars` bars of `interval`; the first `warmUp`
    /// bars of each are not scored.
    public static func run(
        kind: RegimeClassifierKind, seeds: some Sequence<UInt64>, bars: Int, interval: Timeframe, warmUp: Int
    ) -> RegimeEvaluation {
        RegimeEvaluation(results: seeds.map { seed in
            evaluate(kind: kind, seed: seed, bars: bars, interval: interval, warmUp: warmUp)
        })
    }

    static func evaluate(kind: RegimeClassifierKind, seed: UInt64, bars: Int, interval: Timeframe, warmUp: Int) -> SeedResult {
        var classifier = kind.make()
        var features = DecisionFeatures(id: InstrumentID(symbol: "SYNTH", market: .spot))
        let market = SyntheticMarket(seed: seed, interval: interval, start: 1_704_067_200_000, bars: bars)
        var index = 0, scored = 0, agreed = 0, switches = 0, trueSwitches = 0
        var previous: MarketRegime?, previousTruth: MarketRegime?
        var confusion: [MarketRegime: [MarketRegime?: Int]] = [:]
        for labeled in market {
            features.update(labeled.bar)
            let regime = classifier.classify(features.features)
            let truth = MarketRegime(truth: labeled.regime)
            defer {
                index += 1
                previous = regime ?? previous
                previousTruth = truth
            }
            guard index >= warmUp else { continue }
            scored += 1
            if regime == truth { agreed += 1 }
            confusion[truth, default: [:]][regime, default: 0] += 1
            if let regime, let previous, regime != previous { switches += 1 }
            if let previousTruth, truth != previousTruth { trueSwitches += 1 }
        }
        return SeedResult(
            seed: seed, bars: scored, agreement: scored == 0 ? 0 : Double(agreed) / Double(scored), switches: switches,
            trueSwitches: trueSwitches, confusion: confusion)
    }
}
