import ProdCore

/// The brain's metrics: name, type and help text, in the runner's catalog (docs/metrics.md).
extension MetricCatalog {
    public static let regime = "crupto_regime"
    public static let regimeSwitches = "crupto_regime_switches_total"
    public static let strategyEnabled = "crupto_strategy_enabled"
    public static let decisions = "crupto_brain_decisions_total"
    public static let plansSent = "crupto_brain_plans_sent_total"
    public static let planRoundTrip = "crupto_plan_round_trip_seconds"
    public static let agentRun = "crupto_agent_run_duration_seconds"
    public static let agentLastDecision = "crupto_agent_last_decision_timestamp_seconds"
    public static let agentNode = "crupto_agent_node"
    public static let agentMessages = "crupto_agent_messages_total"
    public static let alerts = "crupto_brain_alerts_total"
    public static let runnerRestarts = "crupto_runner_restarts_total"
    public static let runnerUp = "crupto_runner_up"
    public static let enableMapReloads = "crupto_enable_map_reloads_total"
    public static let brainSafeMode = "crupto_brain_runner_safe_mode"
    public static let drawdownHalt = "crupto_brain_drawdown_halt_ratio"
    public static let researchRuns = "crupto_research_runs_total"
    public static let researchProposals = "crupto_research_proposals_total"

    public static let brain: [Entry] = [
        Entry(name: regime, kind: .gauge, labels: ["symbol"], help: "Regime per symbol: 0 warming, 1 bullish, 2 bearish, 3 range, 4 high_vol."),
        Entry(name: regimeSwitches, kind: .counter, labels: ["symbol"], help: "Changes of the regime per symbol."),
        Entry(name: strategyEnabled, kind: .gauge, labels: ["symbol", "strategy"], help: "1 while the brain's plan enables the strategy on the symbol."),
        Entry(name: decisions, kind: .counter, labels: [], help: "Decision points the agents answered."),
        Entry(name: plansSent, kind: .counter, labels: [], help: "Plans the brain sent to the runner."),
        Entry(name: planRoundTrip, kind: .histogram, labels: [], help: "Wall time from sending a plan to the runner's ack or reject."),
        Entry(name: agentRun, kind: .histogram, labels: ["agent"], help: "Wall time of one agent at one decision point."),
        Entry(name: agentLastDecision, kind: .gauge, labels: ["agent"], help: "Wall time an agent last ran, in Unix seconds."),
        Entry(name: agentNode, kind: .gauge, labels: ["id", "title"], help: "The agents, as nodes of the agent graph (value 1)."),
        Entry(name: agentMessages, kind: .counter, labels: ["id", "source", "target"], help: "Messages along each edge of the agent graph."),
        Entry(name: alerts, kind: .counter, labels: ["code", "level"], help: "Alerts the brain raised or received from the runner."),
        Entry(name: runnerRestarts, kind: .counter, labels: [], help: "Restarts of a crashed runner."),
        Entry(name: runnerUp, kind: .gauge, labels: [], help: "1 while the runner process the brain supervises is alive."),
        Entry(name: enableMapReloads, kind: .counter, labels: ["result"], help: "Enable-map edits picked up: loaded or rejected."),
        Entry(name: brainSafeMode, kind: .gauge, labels: [], help: "1 while the runner reports safe mode to the brain."),
        Entry(name: drawdownHalt, kind: .gauge, labels: [], help: "Drawdown at which the Monitor agent halts the runner (configs/brain.yaml monitor.halt_drawdown_pct)."),
        Entry(name: researchRuns, kind: .counter, labels: ["result"], help: "ResearchAgent cycles the session ran: finished, failed or stopped with the session."),
        Entry(name: researchProposals, kind: .counter, labels: ["verdict"], help: "Candidates the ResearchAgent's cycles gated: pass or fail."),
    ] + process
}
