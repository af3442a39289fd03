import AgentTools
import ProdCore

/// Watches the runner, the feed, the database and the agents themselves; raises alerts, and asks
/// the Brain to halt when a finding is critical. An alert is raised when it starts, not repeated
/// at every decision point while it lasts.
public struct MonitorAgent: Agent {
    public let name = "monitor"
    public let check: HealthCheck
    private var active: Set<String> = []

    public init(check: HealthCheck) {
        self.check = check
    }

    public mutating func contribute(_ context: DecisionContext, to draft: inout PlanDraft) {
        let findings = check.findings(context.health)
        for finding in findings where !active.contains(finding.code) {
            draft.alerts.append(BrainAlert(level: finding.severity == .critical ? .critical : .warning, code: finding.code, message: finding.message))
        }
        active = Set(findings.map(\.code))
        if let halt = findings.first(where: \.halts) { draft.haltRequest = halt.message }
        draft.rationale.append(findings.isEmpty ? "ok" : findings.map(\.code).joined(separator: "+"))
    }
}
