import AgentTools
import ProdCore

/// `configs/enable_map.yaml` (docs/enable_map.md): for each regime, the strategies that may run,
/// by default and per symbol. The StrategySelection agent intersects it with recent results.
public struct EnableMap: Equatable, Sendable, Codable {
    /// One strategy allowed in one regime.
    public struct Choice: Equatable, Sendable, Codable {
        public var strategy: StrategySpec
        public var timeframe: Timeframe
        /// Relative share of the risk budget among the strategies enabled together.
        public var weight: Double
    }

    public typealias RegimeChoices = [MarketRegime: [Choice]]

    public var defaults: RegimeChoices
    public var symbols: [InstrumentID: RegimeChoices]
    /// SHA-256 prefix of the file's text: names the version of the map in plans and the journal.
    public var version: String
    /// What a person should know about the map, one line each: entries for instruments outside
    /// the session's universe (ignored), a map that enables nothing the universe trades. Not
    /// journaled: they follow from the file and the universe.
    public var notes: [String] = []

    private enum CodingKeys: String, CodingKey { case defaults, symbols, version }

    /// The strategies allowed for `instrument` in `regime`: its own list when the symbol names the
    /// regime, else the defaults.
    public func choices(for instrument: InstrumentID, in regime: MarketRegime) -> [Choice] {
        symbols[instrument]?[regime] ?? defaults[regime] ?? []
    }
}
