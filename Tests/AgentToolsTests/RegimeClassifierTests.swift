import AgentTools
import ExchangeSim
import ProdCore
import Testing

@Suite struct RegimeClassifierTests {
    @Test func hysteresisIgnoresAProposalThatDoesNotLast() {
        var hysteresis = RegimeHysteresis(confirmBars: 3, minimumDwellBars: 0)
        #expect(hysteresis.update(.range) == .range)
        for proposal: MarketRegime in [.bullish, .bullish, .range, .bullish, .bearish] {
            #expect(hysteresis.update(proposal) == .range)
        }
        #expect(hysteresis.update(.bullish) == .range)
        #expect(hysteresis.update(.bullish) == .range)
        #expect(hysteresis.update(.bullish) == .bullish, "three bars in a row confirm")
    }

    @Test func hysteresisHoldsARegimeForTheMinimumDwell() {
        var hysteresis = RegimeHysteresis(confirmBars: 1, minimumDwellBars: 5)
        _ = hysteresis.update(.range)
        var regimes: [MarketRegime] = []
        for _ in 0..<6 { regimes.append(hysteresis.update(.bearish)) }
        #expect(regimes == [.range, .range, .range, .range, .bearish, .bearish])
    }

    @Test func rollingPercentileMatchesABruteForceWindow() {
        var generator = SeededGenerator(seed: 7)
        var percentile = RollingPercentile(capacity: 50)
        var window: [Double] = []
        for _ in 0..<2_000 {
            let value = Double(Int.random(in: 0..<40, using: &generator))
            percentile.add(value)
            window.append(value)
            if window.count > 50 { window.removeFirst() }
            let probe = Double(Int.random(in: 0..<40, using: &generator))
            #expect(percentile.rank(of: probe) == Double(window.filter { $0 < probe }.count) / Double(window.count))
            #expect(percentile.median == window.sorted()[window.count / 2])
        }
    }

    @Test func syntheticMarketIsTheSameForTheSameSeedAndFollowsItsScript() {
        let script = [SyntheticSegment(regime: .trendUp, hours: 10), SyntheticSegment(regime: .crash, hours: 5)]
        let first = Array(SyntheticMarket(seed: 3, interval: .m1, start: 0, segments: script))
        let second = Array(SyntheticMarket(seed: 3, interval: .m1, start: 0, segments: script))
        let other = Array(SyntheticMarket(seed: 4, interval: .m1, start: 0, segments: script))
        #expect(first.count == 15 * 60)
        #expect(first.map(\.bar) == second.map(\.bar))
        #expect(first.map(\.bar) != other.map(\.bar))
        #expect(first.prefix(600).allSatisfy { $0.regime == .trendUp } && first.suffix(300).allSatisfy { $0.regime == .crash })
        #expect(first.allSatisfy { $0.bar.priceInconsistency == nil && $0.bar.volume.isPositive })
        #expect(zip(first, first.dropFirst()).allSatisfy { $1.bar.openTime - $0.bar.openTime == 60_000 })
    }

    /// The acceptance bar of the classifier on fewer seeds than `brain regime --evaluate` (20 × 50,000).
    @Test func rulesClassifierRecoversSyntheticRegimes() {
        let result = RegimeEvaluation.run(kind: .rules, seeds: [101, 102, 103], bars: 20_000, interval: .h1, warmUp: 500)
        #expect(result.agreement >= 0.85, "agreement \(result.agreement)")
        #expect(result.switchRatio <= 2, "switch ratio \(result.switchRatio)")
        let baseline = RegimeEvaluation.run(kind: .emaGap, seeds: [101, 102, 103], bars: 20_000, interval: .h1, warmUp: 500)
        #expect(baseline.agreement < result.agreement && baseline.switchRatio > 2, "the baseline without hysteresis flaps")
    }
}
