import AgentTools
import Testing

@Suite struct AgentRuleTests {
    @Test func ledgerBooksLongAndShortRoundTripsWithFees() throws {
        var ledger = RoundTripLedger()
        #expect(ledger.record(strategy: "a", isBuy: true, isEntry: true, quantity: 2, notional: 200, fee: 0.2) == nil)
        let firstExit = ledger.record(strategy: "a", isBuy: false, isEntry: false, quantity: 1, notional: 110, fee: 0.11)
        let half = try #require(firstExit)
        #expect(abs(half - (10 - 0.1 - 0.11)) < 1e-9)
        let secondExit = ledger.record(strategy: "a", isBuy: false, isEntry: false, quantity: 1, notional: 90, fee: 0.09)
        let rest = try #require(secondExit)
        #expect(abs(rest - (-10 - 0.1 - 0.09)) < 1e-9)
        #expect(ledger.record(strategy: "a", isBuy: false, isEntry: false, quantity: 1, notional: 90, fee: 0) == nil, "nothing open")
        _ = ledger.record(strategy: "s", isBuy: false, isEntry: true, quantity: 1, notional: 100, fee: 0)
        #expect(ledger.record(strategy: "s", isBuy: true, isEntry: false, quantity: 1, notional: 80, fee: 0) == 20, "a short gains as price falls")
    }

    @Test func gateTurnsALosingStrategyOffForTheCooldownThenOnWithACleanScore() {
        var gate = StrategyGate(rules: .init(minimumTrades: 3, minimumProfitFactor: 1, cooldownDecisions: 10))
        var score = StrategyScore(window: 5)
        score.record(5)
        score.record(-10)
        #expect(gate.verdict(at: 0, score: &score) == .enabled, "too few trades to judge")
        score.record(-1)
        guard case .coolingDown(let until, _) = gate.verdict(at: 1, score: &score) else { Issue.record("not turned off"); return }
        #expect(until == 11)
        guard case .coolingDown = gate.verdict(at: 10, score: &score) else { Issue.record("cooldown ended early"); return }
        #expect(gate.verdict(at: 11, score: &score) == .enabled)
        #expect(score.results.isEmpty, "probation starts from a clean score")
    }

    @Test func scoreReportsProfitFactorAndExpectancy() {
        var score = StrategyScore(window: 3)
        #expect(score.profitFactor == nil && score.expectancy == nil)
        for pnl in [100.0, 6, -2, -1] { score.record(pnl) }
        #expect(score.results == [6, -2, -1], "only the window is kept")
        #expect(score.profitFactor == 2)
        #expect(score.expectancy == 1)
    }

    @Test func riskIsCutAsDrawdownDeepensAndTheDailyLimitOnlyTightens() {
        let budget = RiskBudget()
        let calm = budget.decide(drawdown: 0.01, hardDailyLoss: 0.03)
        #expect(calm.riskPerTrade == 0.005 && calm.multiplier == 1 && calm.maxDailyLoss == nil)
        #expect(budget.decide(drawdown: 0.06, hardDailyLoss: 0.03).riskPerTrade == 0.0025)
        let deep = budget.decide(drawdown: 0.12, hardDailyLoss: 0.03)
        #expect(deep.riskPerTrade == 0.00125)
        #expect(deep.maxDailyLoss == 0.015)
    }

    @Test func calmMarketsEnterWithALimitAndVolatileOnesAtMarket() {
        let planner = ExecutionPlanner()
        #expect(planner.entry(atrPct: 0.005, highVolatility: false) == .limit(offset: 0.0005, timeoutBars: 5, participation: 0.1))
        #expect(planner.entry(atrPct: 0.02, highVolatility: false) == .market(participation: 0.05))
        #expect(planner.entry(atrPct: 0.005, highVolatility: true) == .market(participation: 0.05))
        #expect(planner.entry(atrPct: nil, highVolatility: false) == .market(participation: 0.05))
    }

    @Test func monitorHaltsAtTheDrawdownLimitAndWarnsOnSlowParts() {
        let check = HealthCheck()
        let calm = HealthReadings(
            runnerSilenceSeconds: 0.01, feedLagSeconds: nil, agentMilliseconds: 1, lastCommitMilliseconds: 2, databaseBytes: 1 << 20,
            drawdown: 0.02, safeMode: false)
        #expect(check.findings(calm).isEmpty)
        var bad = calm
        bad.drawdown = 0.3
        bad.agentMilliseconds = 80
        bad.runnerSilenceSeconds = 9
        let findings = check.findings(bad)
        #expect(findings.map(\.code) == ["runner_slow", "agents_slow", "drawdown_limit"])
        #expect(findings.filter(\.halts).map(\.code) == ["drawdown_limit"])
    }
}
