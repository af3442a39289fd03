import AgentTools
import BrainOrchestrator
import ProdCore
import Testing

/// The Execution agent: one entry policy per plan, a market order as soon as one traded symbol is
/// volatile (high_vol regime, ATR above the planner's threshold, or not warm), else a passive limit.
@Suite struct ExecutionAgentTests {
    @Test(arguments: [
        (atrPct: 0.005 as Double?, regime: MarketRegime.range, market: false),
        (0.02, .range, true),
        (0.005, .highVol, true),
        (nil, .range, true),
    ])
    func volatileSymbolsEnterWithMarketOrders(atrPct: Double?, regime: MarketRegime, market: Bool) {
        var agent = ExecutionAgent(planner: ExecutionPlanner())
        var draft = PlanDraft()
        draft.regimes[AgentFixtures.btc] = regime
        draft.entries = [PlanEntry(strategy: try! StrategySpec(parsing: "range_rev_5m"), instrument: AgentFixtures.btc, timeframe: .m5)]
        agent.contribute(AgentFixtures.context(AgentFixtures.snapshot(symbols: [AgentFixtures.features(atrPct: atrPct)])), to: &draft)
        if market {
            #expect(draft.execution.entryOrder == .market)
            #expect(draft.execution.maxVolumeShare == Rate("0.05")!)
        } else {
            #expect(draft.execution.entryOrder == .limit(offset: Rate("0.0005")!, timeoutBars: 5))
            #expect(draft.execution.maxVolumeShare == Rate("0.1")!)
        }
    }

    @Test func oneVolatileSymbolMakesThePlanEnterWithMarketOrders() {
        var agent = ExecutionAgent(planner: ExecutionPlanner())
        var draft = PlanDraft()
        draft.regimes = [AgentFixtures.btc: .range, AgentFixtures.eth: .highVol]
        draft.entries = [AgentFixtures.btc, AgentFixtures.eth].map {
            PlanEntry(strategy: try! StrategySpec(parsing: "range_rev_5m"), instrument: $0, timeframe: .m5)
        }
        let symbols = [AgentFixtures.features(atrPct: 0.005), AgentFixtures.features(AgentFixtures.eth, atrPct: 0.005)]
        agent.contribute(AgentFixtures.context(AgentFixtures.snapshot(symbols: symbols)), to: &draft)
        #expect(draft.execution.entryOrder == .market)
    }
}
