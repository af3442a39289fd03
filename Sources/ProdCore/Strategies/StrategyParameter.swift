/// A declared strategy parameter: name, allowed range, default, and whether it must be whole.
public struct StrategyParameter: Sendable {
    public let name: String
    public let range: ClosedRange<Double>
    public let defaultValue: Double
    public let isInteger: Bool

    public init(_ name: String, range: ClosedRange<Double>, default defaultValue: Double, isInteger: Bool = true) {
        self.name = name
        self.range = range
        self.defaultValue = defaultValue
        self.isInteger = isInteger
    }
}

/// A strategy chosen on the command line or in a plan, such as `ema_cross:fast=20,slow=50`,
/// with every parameter checked against its declaration.
public struct StrategySpec: Equatable, Sendable, CustomStringConvertible, Codable {
    public let name: String
    /// Every declared parameter, defaults filled in.
    public let parameters: [String: Double]

    /// Parses `name[:key=value[,key=value…]]` and validates it against `Strategy`'s declaration.
    public init(parsing text: String, catalog: StrategyCatalog = .standard) throws(StrategySpecError) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        var values: [String: Double] = [:]
        let assignments = parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []
        for assignment in assignments {
            let pair = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, let value = Double(pair[1]) else {
                throw StrategySpecError(spec: text, reason: "'\(assignment)' is not name=number")
            }
            values[pair[0]] = value
        }
        do {
            try self.init(name: parts.first ?? "", values: values, catalog: catalog)
        } catch {
            throw StrategySpecError(spec: text, reason: error.reason)
        }
    }

    /// Validates parameter `values` (missing ones take their defaults) against the declaration of
    /// the strategy called `name`.
    public init(name: String, values: [String: Double], catalog: StrategyCatalog = .standard) throws(StrategySpecError) {
        guard let type = catalog.strategy(named: name) else {
            throw StrategySpecError(spec: name, reason: "unknown strategy (known: \(catalog.names.joined(separator: ", ")))")
        }
        var filled: [String: Double] = [:]
        for declared in type.parameters { filled[declared.name] = declared.defaultValue }
        for key in values.keys.sorted() {
            let value = values[key]!
            guard let declared = type.parameters.first(where: { $0.name == key }) else {
                let known = type.parameters.map(\.name).joined(separator: ", ")
                throw StrategySpecError(spec: name, reason: "unknown parameter '\(key)' (known: \(known))")
            }
            guard value.isFinite, declared.range.contains(value), !declared.isInteger || value == value.rounded() else {
                let kind = declared.isInteger ? "a whole number" : "a number"
                throw StrategySpecError(
                    spec: name,
                    reason: "\(key) must be \(kind) in \(declared.range.lowerBound)...\(declared.range.upperBound), got \(value)")
            }
            filled[key] = value
        }
        if let problem = type.validate(filled) { throw StrategySpecError(spec: name, reason: problem) }
        self.name = name
        parameters = filled
    }

    public var description: String {
        guard !parameters.isEmpty else { return name }
        return name + ":" + parameters.keys.sorted().map { key in
            // A plan from the socket may carry any number here: it is validated after being named.
            "\(key)=\(parameters[key]!.numberText)"
        }.joined(separator: ",")
    }
}

/// A strategy spec that cannot be used, naming the spec and what is wrong.
public struct StrategySpecError: Error, Equatable, Sendable, CustomStringConvertible {
    public let spec: String
    public let reason: String
    public var description: String { "strategy '\(spec)': \(reason)" }
}

extension Strategy {
    public static func validate(_ parameters: [String: Double]) -> String? { nil }
    public static var timeframe: Timeframe? { nil }
    public static var markets: [Market] { [.spot, .usdm] }
    public mutating func onFundingRate(_ rate: Rate, at time: Int64) {}
}
