import ProdCore

/// The brain's last two decisions, by decision time. A runner commits a decision point while the
/// brain decides on it (docs/persistence.md), so a runner killed then resumes from the commit of
/// the decision point before and asks for that one and the last one again: both are answered as
/// they were, without the agents seeing a decision point twice.
struct RecentDecisions {
    struct Decision {
        let time: Int64
        let outcome: BrainAgent.Outcome
    }

    private(set) var last: Decision?
    private var previous: Decision?

    mutating func remember(time: Int64, outcome: BrainAgent.Outcome) {
        previous = last
        last = Decision(time: time, outcome: outcome)
    }

    /// The outcome decided at `time`, when it is one of the two remembered.
    func outcome(at time: Int64) -> BrainAgent.Outcome? {
        if let last, last.time == time { return last.outcome }
        if let previous, previous.time == time { return previous.outcome }
        return nil
    }
}
