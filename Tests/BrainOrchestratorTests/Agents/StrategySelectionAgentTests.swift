import AgentTools
import BrainOrchestrator
import ProdCore
import Testing

/// The StrategySelection agent: per symbol, the enable map's strategies for its regime (nothing
/// without a regime), minus those whose recent round trips score badly — off for
/// `cooldown_decisions` decision points, with an alert when they go off.
@Suite struct StrategySelectionAgentTests {
    static func draft(_ regime: MarketRegime?) -> PlanDraft {
        var draft = PlanDraft()
        draft.regimes[AgentFixtures.btc] = regime
        return draft
    }

    @Test(arguments: [
        (regime: MarketRegime.bullish as MarketRegime?, enabled: ["ema_cross"]),
        (.range, ["range_rev_5m"]),
        (.bearish, []),
        (nil, []),
    ])
    func theEnableMapDecidesPerRegime(regime: MarketRegime?, enabled: [String]) {
        var agent = StrategySelectionAgent(rules: StrategyGate.Rules())
        var draft = Self.draft(regime)
        agent.contribute(AgentFixtures.context(), to: &draft)
        #expect(draft.entries.map(\.strategy.name) == enabled)
        #expect(draft.enabledWeight == Double(enabled.count))
    }

    @Test func aStrategyThatLosesIsOffForTheCooldownThenBack() {
        let rules = StrategyGate.Rules(minimumTrades: 3, minimumProfitFactor: 0.8, cooldownDecisions: 5)
        var agent = StrategySelectionAgent(rules: rules)
        var first = Self.draft(.range)
        agent.contribute(AgentFixtures.context(number: 0), to: &first)
        let key = first.entries[0].description
        for _ in 0..<3 {
            for fill in AgentFixtures.roundTrip(key, entry: 20_000, exit: 19_800) { agent.record(fill) }
        }
        var enabledAt: [Int] = [], alerts: [Int] = []
        for number in 1...8 {
            var draft = Self.draft(.range)
            agent.contribute(AgentFixtures.context(number: number), to: &draft)
            if !draft.entries.isEmpty { enabledAt.append(number) }
            if draft.alerts.contains(where: { $0.code == "strategy_cooldown" }) { alerts.append(number) }
        }
        #expect(enabledAt == [6, 7, 8], "off from decision 1 until 1 + 5")
        #expect(alerts == [1], "one alert, when it goes off")
    }

    @Test func aStrategyThatWinsStaysOn() {
        var agent = StrategySelectionAgent(rules: StrategyGate.Rules(minimumTrades: 3, minimumProfitFactor: 0.8, cooldownDecisions: 5))
        var first = Self.draft(.range)
        agent.contribute(AgentFixtures.context(number: 0), to: &first)
        for _ in 0..<3 {
            for fill in AgentFixtures.roundTrip(first.entries[0].description, entry: 20_000, exit: 20_300) { agent.record(fill) }
        }
        var draft = Self.draft(.range)
        agent.contribute(AgentFixtures.context(number: 1), to: &draft)
        #expect(draft.entries.count == 1)
    }
}
