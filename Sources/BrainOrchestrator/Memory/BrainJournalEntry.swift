import AgentTools
import ProdCore

/// One input that moved the agents' state, in the order the brain took it in. Replaying a run's
/// entries through fresh agents gives the agents the brain had: the same inputs, the same state.
enum BrainJournalEntry: Codable, Sendable {
    /// The enable map from this decision point on (written when its version changes).
    case enableMap(EnableMap)
    /// `configs/governance.yaml` from this decision point on (written when it changes).
    case hardLimits(GovernanceLimits)
    /// A decision point, with what the Monitor measured there (wall-clock readings that a replay
    /// must not measure again).
    case decision(number: Int, snapshot: DecisionSnapshot, health: HealthReadings)
    case fill(RunnerMessage.FillEvent)
    /// The runner applied the plan the brain sent last.
    case applied(planId: String)
    /// The runner restarted or entered safe mode: the next plan is sent in full.
    case forgotPlanInForce
}
