import AgentTools
import Foundation
import Metrics
import ProdCore

/// The brain's metrics (docs/metrics.md): regimes, enabled strategies, the agent graph and its
/// traffic, agent and plan latencies, alerts, runner supervision. Create it after
/// `Telemetry.start`; with metrics disabled its handles are swift-metrics' no-ops.
final class BrainMetrics {
    private let decisions = Counter(label: MetricCatalog.decisions)
    private let plansSent = Counter(label: MetricCatalog.plansSent)
    private let roundTrip = Metrics.Timer(label: MetricCatalog.planRoundTrip)
    private let restarts = Counter(label: MetricCatalog.runnerRestarts)
    private let runnerUp = Gauge(label: MetricCatalog.runnerUp)
    private let safeMode = Gauge(label: MetricCatalog.brainSafeMode)
    private let edges: [AgentGraph.Edge: Counter]
    private var agentRuns: [String: (duration: Metrics.Timer, last: Gauge)] = [:]
    private var regimes: [InstrumentID: (regime: MarketRegime?, gauge: Gauge, switches: Counter)] = [:]
    private var strategyGauges: [String: Gauge] = [:]
    private var enabled: Set<String> = []
    private var planSentAt: (id: String, instant: ContinuousClock.Instant)?

    init(haltDrawdown: Double) {
        Gauge(label: MetricCatalog.drawdownHalt).record(haltDrawdown)
        for node in AgentGraph.nodes { Gauge(label: MetricCatalog.agentNode, dimensions: [("id", node.id), ("title", node.title)]).record(1) }
        edges = Dictionary(uniqueKeysWithValues: AgentGraph.edges.map { edge in
            (edge, Counter(label: MetricCatalog.agentMessages, dimensions: [("id", edge.id), ("source", edge.source), ("target", edge.target)]))
        })
        // Series exported at 0 until they happen, so dashboards and alert rules see them from the start.
        for result in ["loaded", "rejected"] { _ = Counter(label: MetricCatalog.enableMapReloads, dimensions: [("result", result)]) }
        for result in ["finished", "failed", "stopped"] { _ = Counter(label: MetricCatalog.researchRuns, dimensions: [("result", result)]) }
        for verdict in ["pass", "fail"] { _ = Counter(label: MetricCatalog.researchProposals, dimensions: [("verdict", verdict)]) }
        for (code, level) in [("runner_crashed", "critical"), ("enable_map_loaded", "info"), ("enable_map_rejected", "warning")] {
            _ = Counter(label: MetricCatalog.alerts, dimensions: [("code", code), ("level", level)])
        }
    }

    /// The agents answered a decision point.
    func decided(_ outcome: BrainAgent.Outcome, snapshot: DecisionSnapshot) {
        decisions.increment()
        for edge in [AgentGraph.snapshot] + AgentGraph.draft { edges[edge]!.increment() }
        let now = Date().timeIntervalSince1970
        for timing in outcome.timings {
            let handles = agentRuns[timing.agent] ?? (
                Metrics.Timer(label: MetricCatalog.agentRun, dimensions: [("agent", timing.agent)]),
                Gauge(label: MetricCatalog.agentLastDecision, dimensions: [("agent", timing.agent)]))
            agentRuns[timing.agent] = handles
            handles.duration.record(duration: timing.duration)
            handles.last.record(now)
        }
        for features in snapshot.symbols {
            let instrument = InstrumentID(symbol: features.symbol, market: features.market)
            let regime = outcome.draft.regimes[instrument]
            if let known = regimes[instrument] {
                guard known.regime != regime else { continue }
                known.switches.increment()
                known.gauge.record(Self.code(regime))
                regimes[instrument]?.regime = regime
            } else {
                let symbol = [("symbol", instrument.sourceName)]
                let gauge = Gauge(label: MetricCatalog.regime, dimensions: symbol)
                gauge.record(Self.code(regime))
                regimes[instrument] = (regime, gauge, Counter(label: MetricCatalog.regimeSwitches, dimensions: symbol))
            }
        }
        let enabledNow = Set(outcome.draft.entries.map { "\($0.instrument.sourceName)|\($0.strategy.name)" })
        if enabledNow != enabled {
            for key in enabled.union(enabledNow) { strategyGauge(key).record(enabledNow.contains(key) ? 1 : 0) }
            enabled = enabledNow
        }
        safeMode.record(snapshot.status.safeMode ? 1 : 0)
    }

    func planSent(_ plan: Plan) {
        plansSent.increment()
        edges[AgentGraph.plan]!.increment()
        planSentAt = plan.id.map { ($0, .now) }
    }

    /// The runner acked or rejected plan `id`.
    func planAnswered(_ id: String?) {
        guard let sent = planSentAt, sent.id == id else { return }
        roundTrip.record(duration: .now - sent.instant)
        planSentAt = nil
    }

    func fillReceived() { edges[AgentGraph.fills]!.increment() }

    func alert(_ alert: BrainAlert) {
        Counter(label: MetricCatalog.alerts, dimensions: [("code", alert.code), ("level", alert.level.rawValue)]).increment()
        if alert.code == "enable_map_loaded" || alert.code == "enable_map_rejected" {
            Counter(label: MetricCatalog.enableMapReloads, dimensions: [("result", alert.code == "enable_map_loaded" ? "loaded" : "rejected")]).increment()
        }
    }

    func runnerRestarted() { restarts.increment() }

    /// A research cycle ended; its proposals, and a promotion along the graph's research → brain edge.
    func researchFinished(result: String, proposals: [ResearchProposal]) {
        Counter(label: MetricCatalog.researchRuns, dimensions: [("result", result)]).increment()
        for proposal in proposals {
            Counter(label: MetricCatalog.researchProposals, dimensions: [("verdict", proposal.passed ? "pass" : "fail")]).increment()
            if proposal.promoted { edges[AgentGraph.promotion]!.increment() }
        }
    }
    func runner(up: Bool) { runnerUp.record(up ? 1 : 0) }

    /// The gauge of `SYMBOL|strategy`, made once.
    private func strategyGauge(_ key: String) -> Gauge {
        if let gauge = strategyGauges[key] { return gauge }
        let parts = key.components(separatedBy: "|")
        let gauge = Gauge(label: MetricCatalog.strategyEnabled, dimensions: [("symbol", parts[0]), ("strategy", parts[1])])
        strategyGauges[key] = gauge
        return gauge
    }

    /// The regime as a number for state timelines: 0 warming, 1 bullish, 2 bearish, 3 range, 4 high_vol.
    static func code(_ regime: MarketRegime?) -> Int {
        switch regime {
        case nil: 0
        case .bullish: 1
        case .bearish: 2
        case .range: 3
        case .highVol: 4
        }
    }
}
