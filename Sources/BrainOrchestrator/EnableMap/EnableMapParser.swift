import AgentTools
import Crypto
import Foundation
import ProdCore
import Yams

/// Reads and validates an enable map. Every error names the file, line, column and field: bad
/// YAML, an unknown key, regime, strategy, parameter or symbol, a bad timeframe or weight.
public struct EnableMapParser: Sendable {
    /// The instruments the runner trades: entries for other instruments are ignored with a note
    /// (one shipped map serves every universe); a key that names no instrument is an error.
    public let universe: [InstrumentID]
    public let catalog: StrategyCatalog
    /// The most strategies one regime may list (docs/enable_map.md). A plan carries every enabled
    /// entry and must fit a 1 MiB frame; a real map lists a handful.
    public static let maxPerRegime = 64

    public init(universe: [InstrumentID], catalog: StrategyCatalog = .standard) {
        self.universe = universe
        self.catalog = catalog
    }

    public func load(_ path: String) throws(ConfigError) -> EnableMap {
        try parse(try YAMLConfigLoader.read(path), file: path)
    }

    public func parse(_ text: String, file: String) throws(ConfigError) -> EnableMap {
        let root = try YAMLConfigLoader.compose(text, file: file)
        let reader = NodeReader(file: file)
        let top = try reader.mapping(root, field: nil, allowed: ["version", "defaults", "symbols"])
        if let version = top["version"] {
            guard version.int == 1 else { throw reader.error(version, field: "version", "expected 1, the only schema version") }
        }
        guard let defaultsNode = top["defaults"] else { throw reader.error(root, field: "defaults", "required field is missing") }
        let defaults = try regimeChoices(defaultsNode, field: "defaults", reader: reader)
        var symbols: [InstrumentID: EnableMap.RegimeChoices] = [:]
        var notes: [String] = []
        if let symbolsNode = top["symbols"], !symbolsNode.isEmptyValue {
            guard let mapping = symbolsNode.mapping else { throw reader.error(symbolsNode, field: "symbols", "expected a mapping of SYMBOL:MARKET to regimes") }
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? ""
                let field = "symbols.\(key)"
                let known = universe.map(\.key).joined(separator: ", ")
                guard let instrument = universe.first(where: { $0.key == key }) else {
                    guard let named = try? RunnerConfig.universe([key]).first else {
                        throw reader.error(keyNode, field: field, "unknown symbol '\(key)': expected SYMBOL:MARKET (market spot or usdm); the universe is \(known)")
                    }
                    // Still checked, so a typo in it is found before it matters.
                    _ = try regimeChoices(value, field: field, reader: reader)
                    notes.append("\(file):\(keyNode.mark.map { "\($0.line):" } ?? "") \(field): \(named.key) is not traded in this session (universe \(known)); its entry is ignored")
                    continue
                }
                guard symbols[instrument] == nil else { throw reader.error(keyNode, field: field, "'\(key)' is given twice") }
                symbols[instrument] = try regimeChoices(value, field: field, reader: reader)
            }
        }
        var map = EnableMap(defaults: defaults, symbols: symbols, version: String(SHA256.hash(data: Data(text.utf8)).hexString.prefix(12)))
        let enabling = universe.filter { instrument in MarketRegime.allCases.contains { !map.choices(for: instrument, in: $0).isEmpty } }
        if enabling.isEmpty {
            notes.append("warning: \(file) enables no strategy in any regime for \(universe.map(\.key).joined(separator: ", ")): the session will not trade")
        }
        map.notes = notes
        return map
    }

    private func regimeChoices(_ node: Node, field: String, reader: NodeReader) throws(ConfigError) -> EnableMap.RegimeChoices {
        let names = MarketRegime.allCases.map(\.rawValue)
        let mapping = try reader.mapping(node, field: field, allowed: Set(names))
        var result: EnableMap.RegimeChoices = [:]
        for (name, value) in mapping {
            let regime = MarketRegime(rawValue: name)!
            let listField = "\(field).\(name)"
            if value.isEmptyValue {
                result[regime] = []
                continue
            }
            guard let sequence = value.sequence else { throw reader.error(value, field: listField, "expected a list of strategies") }
            guard sequence.count <= Self.maxPerRegime else {
                throw reader.error(value, field: listField, "\(sequence.count) strategies; a regime may list at most \(Self.maxPerRegime)")
            }
            var choices: [EnableMap.Choice] = []
            var listed: Set<String> = []
            for (index, item) in sequence.enumerated() {
                let choice = try self.choice(item, field: "\(listField)[\(index)]", reader: reader)
                guard listed.insert("\(choice.strategy)@\(choice.timeframe)").inserted else {
                    throw reader.error(item, field: "\(listField)[\(index)]", "\(choice.strategy) is listed twice")
                }
                choices.append(choice)
            }
            result[regime] = choices
        }
        return result
    }

    /// `- breakout_4h`, `- ema_cross:fast=20,slow=50`, or a mapping with `strategy`, optional
    /// `timeframe` and `weight`.
    private func choice(_ node: Node, field: String, reader: NodeReader) throws(ConfigError) -> EnableMap.Choice {
        var specNode = node, timeframe: Timeframe?, weight = 1.0
        if node.mapping != nil {
            let fields = try reader.mapping(node, field: field, allowed: ["strategy", "timeframe", "weight"])
            guard let strategy = fields["strategy"] else { throw reader.error(node, field: "\(field).strategy", "required field is missing") }
            specNode = strategy
            if let value = fields["timeframe"] {
                guard let parsed = value.string.flatMap(Timeframe.init(rawValue:)) else {
                    let known = Timeframe.allCases.map(\.rawValue).joined(separator: ", ")
                    throw reader.error(value, field: "\(field).timeframe", "expected one of \(known), got '\(value.string ?? "")'")
                }
                timeframe = parsed
            }
            if let value = fields["weight"] {
                guard let parsed = value.float, parsed.isFinite, parsed > 0, parsed <= 100 else {
                    throw reader.error(value, field: "\(field).weight", "expected a number in (0, 100], got '\(value.string ?? "")'")
                }
                weight = parsed
            }
        }
        guard let text = specNode.string, specNode.scalar != nil else {
            throw reader.error(specNode, field: field, "expected a strategy such as breakout_4h or ema_cross:fast=20,slow=50")
        }
        let spec: StrategySpec
        do {
            spec = try StrategySpec(parsing: text, catalog: catalog)
        } catch {
            throw reader.error(specNode, field: field, "\(error)")
        }
        let type = catalog.strategy(named: spec.name)!
        return EnableMap.Choice(strategy: spec, timeframe: timeframe ?? type.timeframe ?? .h1, weight: weight)
    }
}
