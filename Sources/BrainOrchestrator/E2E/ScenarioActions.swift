/// What a scenario (or a test) does to a run at given decision points, counted from 0.
public struct ScenarioActions: Sendable {
    /// Decision points left unanswered, as a silent brain would.
    public var silent: [Range<Int>] = []
    /// kill -9 the runner after answering each of these decision points (once each).
    public var killRunnerAfter: Set<Int> = []
    /// The enable map's new text, written before deciding the decision point.
    public var enableMapEdits: [Int: String] = [:]

    public init() {}

    public func isSilent(at decision: Int) -> Bool { silent.contains { $0.contains(decision) } }
}
