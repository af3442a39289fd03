import AgentTools
import ExchangeSim
import Foundation
import ProdCore
import Yams

/// Reads an e2e scenario file (docs/e2e.md). Every error names the file, line, column and field.
public enum ScenarioParser {
    public static func load(_ path: String) throws(ConfigError) -> Scenario {
        try parse(try YAMLConfigLoader.read(path), file: path)
    }

    public static func parse(_ text: String, file: String) throws(ConfigError) -> Scenario {
        let root = try YAMLConfigLoader.compose(text, file: file)
        let reader = NodeReader(file: file)
        let top = try reader.mapping(root, field: nil, allowed: ["name", "description", "market", "run", "config", "enable_map", "actions", "expect"])
        let defaultName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = try top["name"].map { node throws(ConfigError) in try reader.string(node, field: "name") } ?? defaultName
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || "_-".contains($0) }), !name.isEmpty else {
            throw reader.error(top["name"] ?? root, field: "name", "expected letters, digits, _ and -, got '\(name)'")
        }
        if let description = top["description"] { _ = try reader.string(description, field: "description") }
        guard let marketNode = top["market"] else { throw reader.error(root, field: "market", "required field is missing") }
        var scenario = Scenario(name: name, file: file, market: try market(marketNode, reader: reader))
        if let run = top["run"] {
            let fields = try reader.mapping(run, field: "run", allowed: ["decision_interval", "lockstep_timeout_seconds"])
            if let node = fields["decision_interval"] {
                guard let interval = Timeframe(rawValue: node.string ?? "") else {
                    throw reader.error(node, field: "run.decision_interval", "expected one of \(Timeframe.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                scenario.decisionInterval = interval
            }
            if let node = fields["lockstep_timeout_seconds"] {
                guard let seconds = node.float, seconds.isFinite, seconds > 0 else {
                    throw reader.error(node, field: "run.lockstep_timeout_seconds", "expected positive seconds")
                }
                scenario.lockstepTimeout = seconds
            }
        }
        if let config = top["config"] {
            for (key, node) in try reader.mapping(config, field: "config", allowed: Set(Scenario.ConfigFile.allCases.map(\.rawValue))) {
                guard node.mapping != nil else { throw reader.error(node, field: "config.\(key)", "expected a mapping of settings") }
                scenario.configOverrides[Scenario.ConfigFile(rawValue: key)!] = node
            }
        }
        if let map = top["enable_map"] { scenario.enableMap = try reader.string(map, field: "enable_map") }
        if let actions = top["actions"] { scenario.actions = try self.actions(actions, reader: reader) }
        guard let expect = top["expect"] else { throw reader.error(root, field: "expect", "required field is missing: a scenario checks something") }
        scenario.expectations = try ScenarioExpectationParser(reader: reader).parse(expect)
        guard !scenario.expectations.isEmpty else { throw reader.error(expect, field: "expect", "expected at least one expectation") }
        return scenario
    }

    private static func market(_ node: Node, reader: NodeReader) throws(ConfigError) -> Scenario.Market {
        let fields = try reader.mapping(node, field: "market", allowed: ["synthetic", "replay"])
        guard fields.count == 1 else { throw reader.error(node, field: "market", "expected exactly one of synthetic, replay") }
        let (kind, body) = fields[0]
        if kind == "replay" {
            let replay = try reader.mapping(body, field: "market.replay", allowed: ["data", "from", "to"])
            let data = try replay["data"].map { node throws(ConfigError) in try reader.strings(node, field: "market.replay.data") } ?? []
            let from = try replay["from"].map { node throws(ConfigError) in try reader.day(node, field: "market.replay.from") }
            let to = try replay["to"].map { node throws(ConfigError) in try reader.day(node, field: "market.replay.to") }
            return .replay(dataPaths: data, from: from, to: to)
        }
        let synthetic = try reader.mapping(body, field: "market.synthetic", allowed: ["seed", "symbol", "start", "segments"])
        guard let seedNode = synthetic["seed"], let seed = seedNode.int, seed >= 0 else {
            throw reader.error(synthetic["seed"] ?? body, field: "market.synthetic.seed", "expected a seed ≥ 0")
        }
        let symbol = try synthetic["symbol"].map { node throws(ConfigError) in try reader.string(node, field: "market.synthetic.symbol") } ?? "BTCUSDT"
        let startDay = try synthetic["start"].map { node throws(ConfigError) in try reader.day(node, field: "market.synthetic.start") } ?? "2024-01-01"
        guard let segmentsNode = synthetic["segments"], let list = segmentsNode.sequence, !list.isEmpty else {
            throw reader.error(synthetic["segments"] ?? body, field: "market.synthetic.segments", "expected a list of {regime, hours}")
        }
        var segments: [SyntheticSegment] = []
        for (index, item) in list.enumerated() {
            let field = "market.synthetic.segments[\(index)]"
            let parts = try reader.mapping(item, field: field, allowed: ["regime", "hours"])
            guard let regimeNode = parts["regime"], let regime = SyntheticRegime(rawValue: regimeNode.string ?? "") else {
                let names = SyntheticRegime.allCases.map(\.rawValue).joined(separator: ", ")
                throw reader.error(parts["regime"] ?? item, field: field + ".regime", "expected one of \(names)")
            }
            guard let hoursNode = parts["hours"], let hours = hoursNode.int, (1...87_600).contains(hours) else {
                throw reader.error(parts["hours"] ?? item, field: field + ".hours", "expected 1…87600 hours")
            }
            segments.append(SyntheticSegment(regime: regime, hours: hours))
        }
        return .synthetic(SyntheticScript(seed: UInt64(seed), symbol: symbol, start: UTCTimestamp.startOfDay(startDay)!, segments: segments))
    }

    private static func actions(_ node: Node, reader: NodeReader) throws(ConfigError) -> ScenarioActions {
        guard let list = node.sequence else { throw reader.error(node, field: "actions", "expected a list of actions") }
        var actions = ScenarioActions()
        for (index, item) in list.enumerated() {
            let field = "actions[\(index)]"
            let parts = try reader.mapping(item, field: field, allowed: ["at", "edit_enable_map", "kill_runner", "silence", "promote"])
            guard let atNode = parts["at"], let at = atNode.int, at >= 0 else {
                throw reader.error(parts["at"] ?? item, field: field + ".at", "expected the decision point number (≥ 0) the action happens at")
            }
            let what = parts.filter { $0.0 != "at" }
            guard what.count == 1 else { throw reader.error(item, field: field, "expected exactly one of edit_enable_map, kill_runner, silence, promote") }
            let (kind, value) = what[0]
            switch kind {
            case "edit_enable_map":
                guard actions.enableMapEdits[at] == nil else { throw reader.error(item, field: field, "two enable-map edits at decision \(at)") }
                actions.enableMapEdits[at] = try reader.string(value, field: field + ".edit_enable_map")
            case "promote":
                guard actions.promotions[at] == nil else { throw reader.error(item, field: field, "two promotions at decision \(at)") }
                actions.promotions[at] = try promotion(value, field: field + ".promote", reader: reader)
            case "kill_runner":
                guard value.bool == true else { throw reader.error(value, field: field + ".kill_runner", "expected true") }
                actions.killRunnerAfter.insert(at)
            default:
                guard let count = value.int, count > 0 else { throw reader.error(value, field: field + ".silence", "expected a number of decision points > 0") }
                actions.silent.append(at..<(at + count))
            }
        }
        return actions
    }

    private static func promotion(_ node: Node, field: String, reader: NodeReader) throws(ConfigError) -> ScenarioPromotion {
        let parts = try reader.mapping(node, field: field, allowed: ["candidate", "regimes", "override"])
        guard let candidate = parts["candidate"], let regimes = parts["regimes"], let override = parts["override"] else {
            throw reader.error(node, field: field, "expected candidate, regimes and override")
        }
        let promotion = ScenarioPromotion(
            candidate: try reader.string(candidate, field: field + ".candidate"), regimes: try reader.strings(regimes, field: field + ".regimes"),
            override: try reader.string(override, field: field + ".override"))
        guard !promotion.regimes.isEmpty else { throw reader.error(regimes, field: field + ".regimes", "expected at least one regime") }
        guard promotion.override.count >= 10 else { throw reader.error(override, field: field + ".override", "give the reason in a sentence (it is recorded)") }
        return promotion
    }
}

extension NodeReader {
    func string(_ node: Node, field: String) throws(ConfigError) -> String {
        guard let scalar = node.scalar else { throw error(node, field: field, "expected text") }
        return scalar.string
    }

    func strings(_ node: Node, field: String) throws(ConfigError) -> [String] {
        guard let list = node.sequence else { throw error(node, field: field, "expected a list") }
        var result: [String] = []
        for (index, item) in list.enumerated() { result.append(try string(item, field: "\(field)[\(index)]")) }
        return result
    }

    /// A `YYYY-MM-DD` day.
    func day(_ node: Node, field: String) throws(ConfigError) -> String {
        let text = try string(node, field: field)
        guard UTCTimestamp.startOfDay(text) != nil else { throw error(node, field: field, "expected a day YYYY-MM-DD, got '\(text)'") }
        return text
    }
}
