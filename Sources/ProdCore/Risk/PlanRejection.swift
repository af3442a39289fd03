/// Why a plan was not applied: every problem found, each naming the field it is about. Here, below
/// `Plan/`, because the governance limits refuse a loosening override with it too.
public struct PlanRejection: Error, Equatable, Sendable, CustomStringConvertible {
    public let reasons: [String]

    public init(reasons: [String]) {
        self.reasons = reasons
    }

    public var description: String { "plan rejected: " + reasons.joined(separator: "; ") }
}
