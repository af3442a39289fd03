import ProdCore

/// The brain's last decisions, by decision time. A runner commits a decision point while the
/// brain decides on it, and one made only of replayed bars together with the next ones
/// (docs/persistence.md), so a runner killed resumes up to `WireProtocol.decisionPointsPerCommit`
/// decision points back and asks for each of them again: they are answered as they were, without
/// the agents seeing a decision point twice.
struct RecentDecisions {
    struct Decision {
        let time: Int64
        let outcome: BrainAgent.Outcome
    }

    /// The decision points a resumed runner may ask for again, and the one its last commit was made at.
    static let capacity = WireProtocol.decisionPointsPerCommit + 1
    /// Oldest first, at most `capacity`.
    private var kept: [Decision] = []

    var last: Decision? { kept.last }

    mutating func remember(time: Int64, outcome: BrainAgent.Outcome) {
        if kept.count == Self.capacity { kept.removeFirst() }
        kept.append(Decision(time: time, outcome: outcome))
    }

    /// The outcome decided at `time`, when it is one of those remembered.
    func outcome(at time: Int64) -> BrainAgent.Outcome? {
        kept.last { $0.time == time }?.outcome
    }
}
