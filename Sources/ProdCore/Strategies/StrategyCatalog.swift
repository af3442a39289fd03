/// The strategies the core knows, by name. Plans and the CLI may name only these.
public struct StrategyCatalog: Sendable {
    public let types: [any Strategy.Type]

    public static let standard = StrategyCatalog(types: [EMACross.self, RangeReversion.self, Breakout.self, FundingReversion.self])

    public var names: [String] { types.map { $0.name }.sorted() }

    public func strategy(named name: String) -> (any Strategy.Type)? {
        types.first { $0.name == name }
    }
}
