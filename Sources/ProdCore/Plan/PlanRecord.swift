/// A plan the engine received: applied, or rejected with its reasons (the previous plan stayed).
public struct PlanRecord: Equatable, Sendable, Codable {
    /// Sequence number of the input that carried it; 0 for the plan the run started with.
    public let sequence: Int64
    /// Event time it took effect (or was refused); `nil` for the starting plan.
    public let time: Int64?
    /// `Plan.id`; `nil` for plans made by flags.
    public let id: String?
    public let source: String
    /// `Plan.canonicalText`: the same plan always gives the same text.
    public let text: String
    public let applied: Bool
    public let reasons: [String]
}
