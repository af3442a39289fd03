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

    /// One shipped map serves every universe: an entry for an instrument the session does not
    /// trade is ignored with a note naming its line; a map that enables nothing the session trades
    /// is a warning.
    @Test func entriesOutsideTheUniverseAreIgnoredWithANote() throws {
        let map = try Self.parser.parse("defaults:\n  range: [range_rev_5m]\nsymbols:\n  BTCUSDT:usdm:\n    range: []\n", file: "map.yaml")
        #expect(map.symbols.isEmpty)
        #expect(map.notes == ["map.yaml:4: symbols.BTCUSDT:usdm: BTCUSDT:usdm is not traded in this session (universe BTCUSDT:spot, ETHUSDT:usdm); its entry is ignored"])
        let idle = try Self.parser.parse("defaults:\n  range: []\n", file: "map.yaml")
        #expect(idle.notes.count == 1 && idle.notes[0].hasPrefix("warning: map.yaml enables no strategy in any regime"))
    }

    @Test(arguments: [
        ("defaults:\n  bullish: [breakout_5h]\n", "map.yaml:2:13: defaults.bullish[0]: strategy 'breakout_5h': unknown strategy"),
        ("defaults:\n  sideways: []\n", "map.yaml:2:3: defaults.sideways: unknown key 'sideways'"),
        ("defaults: {}\nsymbols:\n  SOLUSDT:moon:\n    range: []\n", "map.yaml:3:3: symbols.SOLUSDT:moon: unknown symbol 'SOLUSDT:moon'"),
        ("defaults: {}\nsymbols:\n  ETHUSDT:usdm:\n    range: [no_such]\n", "map.yaml:4:13: symbols.ETHUSDT:usdm.range[0]"),
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

/// Hostile maps dropped into configs/enable_map.yaml while the brain runs: refused at once with
/// the line where a limit was reached (before, a 1.3 KiB alias bomb froze the brain ~70 s and a
/// 10,000-entry map crashed it building a plan over 1 MiB).
// The limit catches a parser that hangs on a bomb; 5 minutes, not 1, because on a loaded 2-core CI machine a
// starved test took 267 s of wall time while its own work is well under a second.
@Suite(.timeLimit(.minutes(5))) struct HostileEnableMapTests {
    static let parser = EnableMapParserTests.parser

    /// Nine levels of ten references each: 10⁹ strategies once expanded.
    static let aliasBomb: String = {
        var text = "version: 1\nx0: &a0 [range_rev_5m, range_rev_5m, range_rev_5m, range_rev_5m, range_rev_5m, range_rev_5m, range_rev_5m, range_rev_5m, range_rev_5m, range_rev_5m]\n"
        for level in 1...9 {
            text += "x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        return text + "defaults:\n  range: *a9\n"
    }()

    @Test func anAliasBombIsRefusedAtOnce() {
        #expect(Self.aliasBomb.utf8.count < 2_000)
        let error = #expect(throws: ConfigError.self) { try Self.parser.parse(Self.aliasBomb, file: "enable_map.yaml") }
        #expect(error?.reason.contains("expands to more than 100000 values") == true, "\(String(describing: error))")
        #expect(error?.line != nil)
    }

    @Test func deepNestingIsRefusedWithItsLine() {
        let text = "version: 1\ndefaults:\n  range: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "\n"
        let error = #expect(throws: ConfigError.self) { try Self.parser.parse(text, file: "enable_map.yaml") }
        #expect(error?.line == 3 && error?.reason == "nested deeper than 64 levels", "\(String(describing: error))")
    }

    @Test func tenThousandEntriesAreRefusedWithTheLimit() {
        let entries = (0..<10_000).map { "    - ema_cross:fast=\(2 + $0 % 50),slow=\(60 + $0 / 50)" }.joined(separator: "\n")
        let text = "version: 1\ndefaults:\n  bullish:\n" + entries + "\n"
        let error = #expect(throws: ConfigError.self) { try Self.parser.parse(text, file: "enable_map.yaml") }
        #expect(error?.field == "defaults.bullish" && error?.reason == "10000 strategies; a regime may list at most 64", "\(String(describing: error))")
    }

    @Test func aFileOverOneMebibyteIsRefusedBeforeItIsRead() throws {
        let path = NSTemporaryDirectory() + "big-map-\(UUID().uuidString).yaml"
        try Data(repeating: UInt8(ascii: "#"), count: 2 << 20).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ConfigError.self) { try Self.parser.load(path) }
        #expect(error?.reason == "file is 2097152 bytes; a configuration file may hold at most 1048576", "\(String(describing: error))")
    }

    @Test func aHugeBadValueIsNotEchoedWhole() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOfFile: root.appendingPathComponent("configs/runner.yaml").path, encoding: .utf8)
            .replacingOccurrences(of: "initial_cash: \"10000\"", with: "initial_cash: \"" + String(repeating: "9x", count: 400_000) + "\"")
        let error = #expect(throws: ConfigError.self) { try RunnerConfig.parse(text, file: "runner.yaml") }
        #expect(error?.field == "initial_cash" && (error?.description.count ?? .max) < 700, "\(error?.description.count ?? 0) characters")
    }
}
