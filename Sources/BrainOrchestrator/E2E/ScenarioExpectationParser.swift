import AgentTools
import ProdCore
import Yams

/// Reads a scenario's `expect:` mapping into checks.
struct ScenarioExpectationParser {
    let reader: NodeReader

    func parse(_ node: Node) throws(ConfigError) -> [Scenario.Expectation] {
        let keys: Set<String> = [
            "decisions", "regimes", "map_versions", "strategies", "governor_events", "alerts", "restarts", "plans_rejected", "fills",
            "artifacts", "digest", "promotions",
        ]
        var result: [Scenario.Expectation] = []
        for (key, value) in try reader.mapping(node, field: "expect", allowed: keys) {
            let field = "expect.\(key)"
            switch key {
            case "decisions": result.append(.decisions(try count(value, field: field)))
            case "map_versions": result.append(.mapVersions(try count(value, field: field)))
            case "restarts": result.append(.restarts(try count(value, field: field)))
            case "plans_rejected": result.append(.plansRejected(try count(value, field: field)))
            case "fills": result.append(.fills(try count(value, field: field)))
            case "promotions": result.append(.promotions(try count(value, field: field)))
            case "regimes":
                for (symbol, body) in try symbols(value, field: field) {
                    result.append(.regimes(symbol: symbol, try regimes(body, field: "\(field).\(symbol)")))
                }
            case "strategies":
                guard let list = value.sequence else { throw reader.error(value, field: field, "expected a list of windows") }
                for (index, item) in list.enumerated() { result.append(.strategies(try window(item, field: "\(field)[\(index)]"))) }
            case "governor_events":
                let names = Set(GovernorEvent.Kind.allCases.map(\.rawValue))
                for (name, body) in try reader.mapping(value, field: field, allowed: names) {
                    result.append(.governorEvents(GovernorEvent.Kind(rawValue: name)!, try count(body, field: "\(field).\(name)")))
                }
            case "alerts":
                guard let list = value.sequence else { throw reader.error(value, field: field, "expected a list of alert codes") }
                for (index, item) in list.enumerated() { result.append(try alert(item, field: "\(field)[\(index)]")) }
            case "artifacts":
                result += try reader.strings(value, field: field).map { .artifact($0) }
            default:
                guard let check = Scenario.DigestCheck(rawValue: value.string ?? "") else {
                    throw reader.error(value, field: field, "expected one of \(Scenario.DigestCheck.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                result.append(.digest(check))
            }
        }
        return result
    }

    /// `N` (exactly) or `{min: N, max: M}`.
    func count(_ node: Node, field: String) throws(ConfigError) -> CountRange {
        if let exact = node.int, exact >= 0 { return CountRange(min: exact, max: exact) }
        guard node.mapping != nil else { throw reader.error(node, field: field, "expected a count ≥ 0 or {min, max}") }
        var range = CountRange()
        for (key, value) in try reader.mapping(node, field: field, allowed: ["min", "max"]) {
            guard let number = value.int, number >= 0 else { throw reader.error(value, field: "\(field).\(key)", "expected a count ≥ 0") }
            if key == "min" { range.min = number } else { range.max = number }
        }
        if let low = range.min, let high = range.max, low > high { throw reader.error(node, field: field, "min \(low) > max \(high)") }
        return range
    }

    private func symbols(_ node: Node, field: String) throws(ConfigError) -> [(String, Node)] {
        guard let mapping = node.mapping else { throw reader.error(node, field: field, "expected a mapping of SYMBOL to expectations") }
        return try mapping.map { key, value throws(ConfigError) in
            let symbol = key.string ?? ""
            let parts = symbol.split(separator: ":", omittingEmptySubsequences: false)
            guard !parts[0].isEmpty, parts[0].allSatisfy({ $0.isUppercase || $0.isNumber }),
                parts.count == 1 || (parts.count == 2 && parts[1] != "spot" && Market(rawValue: String(parts[1])) != nil)
            else {
                throw reader.error(key, field: field, "expected a symbol as plan sources name it: BTCUSDT (spot) or BTCUSDT:usdm, got '\(symbol)'")
            }
            return (symbol, value)
        }
    }

    private func regimes(_ node: Node, field: String) throws(ConfigError) -> RegimeExpectation {
        let parts = try reader.mapping(node, field: field, allowed: ["sequence", "max_switches", "min_agreement"])
        var expectation = RegimeExpectation(sequence: [], maxSwitches: nil, minAgreement: nil)
        if let sequence = parts["sequence"] {
            let names = try reader.strings(sequence, field: field + ".sequence")
            for (index, name) in names.enumerated() {
                guard let regime = MarketRegime(rawValue: name) else {
                    throw reader.error(sequence.sequence![index], field: "\(field).sequence[\(index)]",
                        "unknown regime '\(name)' (expected \(MarketRegime.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                expectation.sequence.append(regime)
            }
        }
        if let node = parts["max_switches"] { expectation.maxSwitches = try count(node, field: field + ".max_switches").max }
        if let node = parts["min_agreement"] {
            guard let share = node.float, (0...1).contains(share) else { throw reader.error(node, field: field + ".min_agreement", "expected a share in 0…1") }
            expectation.minAgreement = share
        }
        return expectation
    }

    private func window(_ node: Node, field: String) throws(ConfigError) -> StrategyWindow {
        let parts = try reader.mapping(node, field: field, allowed: ["from", "to", "only", "includes"])
        func decision(_ key: String) throws(ConfigError) -> Int? {
            guard let node = parts[key] else { return nil }
            guard let number = node.int, number >= 0 else { throw reader.error(node, field: "\(field).\(key)", "expected a decision point number ≥ 0") }
            return number
        }
        let from = try decision("from") ?? 0
        let to = try decision("to")
        if let to, to <= from { throw reader.error(node, field: field, "to (\(to)) must be after from (\(from))") }
        let only = try parts["only"].map { node throws(ConfigError) in Set(try strategyNames(node, field: field + ".only")) }
        let includes = Set(try parts["includes"].map { node throws(ConfigError) in try strategyNames(node, field: field + ".includes") } ?? [])
        guard only != nil || !includes.isEmpty else { throw reader.error(node, field: field, "expected only or includes") }
        return StrategyWindow(from: from, to: to, only: only, includes: includes)
    }

    private func strategyNames(_ node: Node, field: String) throws(ConfigError) -> [String] {
        let names = try reader.strings(node, field: field)
        let known = StrategyCatalog.standard.names
        for (index, name) in names.enumerated() where !known.contains(name) {
            throw reader.error(node.sequence![index], field: "\(field)[\(index)]", "unknown strategy '\(name)' (expected \(known.sorted().joined(separator: ", ")))")
        }
        return names
    }

    private func alert(_ node: Node, field: String) throws(ConfigError) -> Scenario.Expectation {
        if let code = node.scalar?.string { return .alert(code: code, contains: nil) }
        let parts = try reader.mapping(node, field: field, allowed: ["code", "contains"])
        guard let code = parts["code"]?.scalar?.string else { throw reader.error(node, field: field + ".code", "required field is missing") }
        return .alert(code: code, contains: try parts["contains"].map { node throws(ConfigError) in try reader.string(node, field: field + ".contains") })
    }
}
