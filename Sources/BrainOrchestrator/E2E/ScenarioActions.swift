/// What a scenario (or a test) does to a run at given decision points, counted from 0.
public struct ScenarioActions: Sendable {
    /// Decision points left unanswered, as a silent brain would.
    public var silent: [Range<Int>] = []
    /// kill -9 the runner after answering each of these decision points (once each).
    public var killRunnerAfter: Set<Int> = []
    /// The enable map's new text, written before deciding the decision point.
    public var enableMapEdits: [Int: String] = [:]
    /// `brain research promote` run beside the session before deciding the decision point.
    public var promotions: [Int: ScenarioPromotion] = [:]

    public init() {}

    public func isSilent(at decision: Int) -> Bool { silent.contains { $0.contains(decision) } }
}

/// A candidate promoted while the session runs, as a user promotes one beside `brain start`.
public struct ScenarioPromotion: Sendable, Equatable {
    public var candidate: String
    /// The enable map's regimes it is enabled in.
    public var regimes: [String]
    /// Recorded as the reason for promoting without a passing gate report.
    public var override: String
}
