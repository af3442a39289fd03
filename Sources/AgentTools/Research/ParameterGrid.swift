import ProdCore

/// The parameter combinations a sweep tries: each swept parameter's values (a range
/// `start:stop:step`, both ends included, or a list), in the order the parameters were given,
/// the first varying slowest. A combination the strategy itself refuses as a whole (ema_cross's
/// fast ≥ slow) is left out and counted; a value outside a parameter's declared range is an error.
public struct ParameterGrid: Sendable, Equatable {
    public let strategy: String
    /// Swept parameters and their values, in the given order.
    public let axes: [(name: String, values: [Double])]
    /// Parameters set to one value for every combination.
    public let fixed: [String: Double]

    public static let maxCombinations = 100_000

    public init(strategy: String, axes: [(name: String, values: [Double])], fixed: [String: Double] = [:]) throws(ResearchError) {
        guard let type = StrategyCatalog.standard.strategy(named: strategy) else {
            throw ResearchError("strategy: unknown strategy '\(strategy)' (known: \(StrategyCatalog.standard.names.joined(separator: ", ")))")
        }
        var seen = Set<String>()
        for (name, values) in axes.map({ ($0.name, $0.values) }) + fixed.keys.sorted().map({ ($0, [fixed[$0]!]) }) {
            guard let declared = type.parameters.first(where: { $0.name == name }) else {
                throw ResearchError("\(name): \(strategy) has no such parameter (known: \(type.parameters.map(\.name).joined(separator: ", ")))")
            }
            guard seen.insert(name).inserted else { throw ResearchError("\(name): given twice") }
            guard !values.isEmpty else { throw ResearchError("\(name): no value") }
            for value in values where !(value.isFinite && declared.range.contains(value) && (!declared.isInteger || value == value.rounded())) {
                let kind = declared.isInteger ? "whole numbers" : "numbers"
                throw ResearchError("\(name): \(value.numberText) is outside \(declared.range.lowerBound.numberText)…\(declared.range.upperBound.numberText) (\(kind))")
            }
        }
        guard !axes.isEmpty else { throw ResearchError("grid: give at least one parameter to sweep") }
        let count = axes.reduce(1.0) { $0 * Double($1.values.count) }
        guard count <= Double(Self.maxCombinations) else {
            throw ResearchError("grid: \(Int(count)) combinations; at most \(Self.maxCombinations) in one sweep (shard it, or narrow the grid)")
        }
        self.strategy = strategy
        self.axes = axes
        self.fixed = fixed
    }

    /// `start:stop:step` (both ends included) or one number.
    public static func values(parsing text: String, field: String) throws(ResearchError) -> [Double] {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        if parts.count == 1, let value = parts[0], value.isFinite { return [value] }
        guard parts.count == 3, let start = parts[0], let stop = parts[1], let step = parts[2], start.isFinite, stop.isFinite, step.isFinite,
              step > 0, stop >= start
        else { throw ResearchError("\(field): '\(text)' is not start:stop:step (step > 0, stop ≥ start) or a number") }
        // Counted as a double first: 1:1e300:1e-300 has more values than an Int holds.
        let steps = ((stop - start) / step + 1e-9).rounded(.down)
        guard steps.isFinite, steps < Double(maxCombinations) else {
            throw ResearchError("\(field): '\(text)' has more than \(maxCombinations) values")
        }
        let count = Int(steps) + 1
        // start + i × step, not repeated addition: 0.1 steps stay exact enough to compare.
        return (0..<count).map { start + Double($0) * step }
    }

    /// Every combination in order, the strategy's own refusals left out.
    public var combinations: (valid: [StrategySpec], refused: Int) {
        var specs: [StrategySpec] = []
        var refused = 0
        var index = Array(repeating: 0, count: axes.count)
        while true {
            var values = fixed
            for (axis, position) in zip(axes, index) { values[axis.name] = axis.values[position] }
            if let spec = try? StrategySpec(name: strategy, values: values) { specs.append(spec) } else { refused += 1 }
            var digit = axes.count - 1
            while digit >= 0 {
                index[digit] += 1
                if index[digit] < axes[digit].values.count { break }
                index[digit] = 0
                digit -= 1
            }
            if digit < 0 { return (specs, refused) }
        }
    }

    public static func == (lhs: ParameterGrid, rhs: ParameterGrid) -> Bool {
        lhs.strategy == rhs.strategy && lhs.fixed == rhs.fixed && lhs.axes.map(\.name) == rhs.axes.map(\.name)
            && lhs.axes.map(\.values) == rhs.axes.map(\.values)
    }
}

/// A research input or step that cannot be done, and why (the caller adds the file or flag).
public struct ResearchError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
