import AgentTools
import BrainOrchestrator
import ProdCore
import Testing

/// The MarketRegime agent: a symbol is `warming` until its classifier has a regime; a classifier
/// sees each decision bar once, so a snapshot sent again (after a reconnect) does not move it.
@Suite struct MarketRegimeAgentTests {
    @Test func aSymbolWithoutWarmFeaturesIsWarming() {
        var agent = MarketRegimeAgent(kind: .rules)
        var draft = PlanDraft()
        agent.contribute(AgentFixtures.context(), to: &draft)
        #expect(draft.regimes[AgentFixtures.btc] == nil)
        #expect(draft.rationale == ["BTCUSDT=warming"])
    }

    @Test func aRepeatedSnapshotDoesNotMoveTheClassifier() {
        var agent = MarketRegimeAgent(kind: .emaGap)
        var fresh = MarketRegimeAgent(kind: .emaGap)
        var sequence: [[String: Any]] = []
        for bar in 1...800 {
            let wave = Double(bar % 50) / 50
            sequence.append(AgentFixtures.features(
                bars: bar, close: 20_000 + wave * 400, emaFast: 20_000 + wave * 300, emaSlow: 20_000, atrPct: 0.004 + wave * 0.004,
                realizedVol: 0.002 + wave * 0.003))
        }
        // The same bars, every third snapshot delivered twice: the regimes must not differ.
        var classified = 0
        for (index, features) in sequence.enumerated() {
            var once = PlanDraft(), twice = PlanDraft()
            fresh.contribute(AgentFixtures.context(AgentFixtures.snapshot(symbols: [features])), to: &once)
            if index % 3 == 0 { agent.contribute(AgentFixtures.context(AgentFixtures.snapshot(symbols: [features])), to: &twice) }
            twice = PlanDraft()
            agent.contribute(AgentFixtures.context(AgentFixtures.snapshot(symbols: [features])), to: &twice)
            #expect(once.regimes == twice.regimes, "bar \(index + 1)")
            if once.regimes[AgentFixtures.btc] != nil { classified += 1 }
        }
        #expect(classified > 400, "the classifier was warm for \(classified) of 800 bars")
    }
}
