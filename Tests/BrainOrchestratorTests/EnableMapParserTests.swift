import AgentTools
import BrainOrchestrator
import Foundation
import ProdCore
import Testing

@Suite struct EnableMapParserTests {
    static let universe = [InstrumentID(symbol: "BTCUSDT", market: .spot), InstrumentID(symbol: "ETHUSDT", market: .usdm)]
    static let parser = EnableMapParser(universe: universe)
    static let valid = """
        version: 1
        defaults:
          bullish:
            - breakout_4h
            - strategy: ema_cross:fast=10,slow=30
              timeframe: 1h
              weight: 2
          range: [range_rev_5m]
          bearish: []
        symbols:
          ETHUSDT:usdm:
            bullish: []
        """

    @Test func theShippedMapIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let map = try Self.parser.load(root.appendingPathComponent("configs/enable_map.yaml").path)
        #expect(!map.choices(for: Self.universe[0], in: .bullish).isEmpty)
    }

    @Test func symbolsOverrideTheDefaultsRegimeByRegime() throws {
        let map = try Self.parser.parse(Self.valid, file: "map.yaml")
        let btc = map.choices(for: Self.universe[0], in: .bullish)
        #expect(btc.map(\.strategy.name) == ["breakout_4h", "ema_cross"])
        #expect(btc.map(\.timeframe) == [.h4, .h1])
        #expect(btc.map(\.weight) == [1, 2])
        #expect(btc[1].strategy.parameters["fast"] == 10)
        #expect(map.choices(for: Self.universe[1], in: .bullish).isEmpty, "ETHUSDT overrides bullish")
        #expect(map.choices(for: Self.universe[1], in: .range).map(\.strategy.name) == ["range_rev_5m"], "and keeps the default range")
        #expect(map.choices(for: Self.universe[0], in: .highVol).isEmpty, "a regime not listed enables nothing")
        #expect(map.version.count == 12)
        #expect(try Self.parser.parse(Self.valid + "\n", file: "map.yaml").version != map.version)
    }

    @Test(arguments: [
        ("defaults:\n  bullish: [breakout_5h]\n", "map.yaml:2:13: defaults.bullish[0]: strategy 'breakout_5h': unknown strategy"),
        ("defaults:\n  sideways: []\n", "map.yaml:2:3: defaults.sideways: unknown key 'sideways'"),
        ("defaults: {}\nsymbols:\n  SOLUSDT:spot:\n    range: []\n", "map.yaml:3:3: symbols.SOLUSDT:spot: unknown symbol 'SOLUSDT:spot'"),
        ("defaults:\n  bullish: [breakout_4h\n", "map.yaml:3:1: invalid YAML"),
        ("defaults:\n  range:\n    - strategy: range_rev_5m\n      weight: -1\n", "map.yaml:4:15: defaults.range[0].weight: expected a number in (0, 100]"),
        ("defaults:\n  range:\n    - strategy: range_rev_5m\n      timeframe: 2h\n", "map.yaml:4:18: defaults.range[0].timeframe: expected one of"),
        ("defaults:\n  range: [range_rev_5m, range_rev_5m]\n", "map.yaml:2:25: defaults.range[1]: range_rev_5m"),
        ("defaults:\n  range: [ema_cross:fast=50,slow=20]\n", "map.yaml:2:11: defaults.range[0]:"),
        ("version: 2\ndefaults: {}\n", "map.yaml:1:10: version: expected 1"),
        ("symbols: {}\n", "map.yaml:1:1: defaults: required field is missing"),
        ("", "map.yaml: file is empty"),
    ])
    func badMapsNameTheLineColumnAndField(text: String, expected: String) {
        #expect {
            _ = try Self.parser.parse(text, file: "map.yaml")
        } throws: { error in
            let description = "\(error)"
            return description.hasPrefix(expected) || description.contains(expected)
        }
    }

    /// Cut, spliced and byte-flipped maps: each one parses or fails with a ConfigError, never a crash.
    @Test func fuzzedMapsParseOrFailCleanly() {
        var failures = 0
        for text in yamlMutations(of: Self.valid, count: 3_000, seed: 11) {
            do {
                _ = try Self.parser.parse(text, file: "fuzz.yaml")
            } catch {
                failures += 1
                #expect(error.file == "fuzz.yaml")
            }
        }
        #expect(failures > 100, "most mutations break the map")
    }
}
