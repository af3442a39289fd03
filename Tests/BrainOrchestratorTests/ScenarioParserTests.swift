import BrainOrchestrator
import ExchangeSim
import Foundation
import ProdCore
import Testing

@Suite struct ScenarioParserTests {
    static let valid = """
        name: demo
        market:
          synthetic:
            seed: 3
            segments:
              - {regime: trend_up, hours: 48}
              - {regime: crash, hours: 12}
        run: {decision_interval: 4h, lockstep_timeout_seconds: 0.5}
        config:
          governance: {max_daily_loss_pct: "1"}
        actions:
          - {at: 3, kill_runner: true}
          - {at: 5, silence: 2}
          - at: 7
            edit_enable_map: |
              version: 1
              defaults: {}
        expect:
          decisions: {min: 10}
          regimes:
            BTCUSDT: {sequence: [bullish, high_vol], max_switches: 4, min_agreement: 0.5}
          strategies:
            - {from: 7, only: [ema_cross], includes: [ema_cross]}
          governor_events: {daily_loss_halt: 1}
          alerts: [runner_crashed, {code: enable_map_loaded, contains: "version"}]
          artifacts: [summary.md]
          digest: same_without_actions
        """

    @Test func theShippedScenariosParse() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 6)
        for file in files { _ = try ScenarioParser.load(folder + "/" + file) }
    }

    @Test func aFullScenarioReadsEveryPart() throws {
        let scenario = try ScenarioParser.parse(Self.valid, file: "demo.yaml")
        #expect(scenario.name == "demo")
        guard case .synthetic(let script) = scenario.market else { Issue.record("expected a synthetic market"); return }
        #expect(script.segments == [SyntheticSegment(regime: .trendUp, hours: 48), SyntheticSegment(regime: .crash, hours: 12)])
        #expect(script.truth(closingAt: script.start + 60_000) == .trendUp)
        #expect(script.truth(closingAt: script.start + 48 * 3_600_000) == .trendUp, "the bar closing at the boundary opened in the uptrend")
        #expect(script.truth(closingAt: script.start + 48 * 3_600_000 + 60_000) == .crash)
        #expect(script.truth(closingAt: script.start + 61 * 3_600_000) == nil)
        #expect(scenario.decisionInterval == .h4 && scenario.lockstepTimeout == 0.5)
        #expect(scenario.actions.killRunnerAfter == [3])
        #expect(scenario.actions.silent == [5..<7])
        #expect(scenario.actions.enableMapEdits[7] == "version: 1\ndefaults: {}\n")
        #expect(scenario.expectations.count == 8)
    }

    @Test(arguments: [
        ("expect: {decisions: 1}\n", "s.yaml:1:1: market: required field is missing"),
        ("market: {replay: {}}\n", "s.yaml:1:1: expect: required field is missing"),
        ("market: {replay: {}, synthetic: {}}\nexpect: {decisions: 1}\n", "s.yaml:1:9: market: expected exactly one of synthetic, replay"),
        ("market: {replay: {from: 2023-13-01}}\nexpect: {decisions: 1}\n", "s.yaml:1:25: market.replay.from: expected a day YYYY-MM-DD"),
        ("market:\n  synthetic:\n    seed: 1\n    segments: [{regime: sideways, hours: 5}]\nexpect: {decisions: 1}\n",
         "s.yaml:4:25: market.synthetic.segments[0].regime: expected one of"),
        ("market:\n  synthetic: {seed: 1, segments: [{regime: crash, hours: 0}]}\nexpect: {decisions: 1}\n",
         "s.yaml:2:58: market.synthetic.segments[0].hours: expected 1…87600 hours"),
        ("market: {replay: {}}\nactions:\n  - {at: 3, kill_runner: true, silence: 2}\nexpect: {decisions: 1}\n",
         "s.yaml:3:5: actions[0]: expected exactly one of edit_enable_map, kill_runner, silence, promote"),
        ("market: {replay: {}}\nactions:\n  - {at: 3, promote: {candidate: c.yaml, regimes: [range]}}\nexpect: {decisions: 1}\n",
         "s.yaml:3:22: actions[0].promote: expected candidate, regimes and override"),
        ("market: {replay: {}}\nactions:\n  - {at: 3, promote: {candidate: c.yaml, regimes: [range], override: why}}\nexpect: {decisions: 1}\n",
         "s.yaml:3:70: actions[0].promote.override: give the reason in a sentence"),
        ("market: {replay: {}}\nactions:\n  - {at: 3, promote: {candidate: c.yaml, regimes: [], override: a long enough reason}}\nexpect: {decisions: 1}\n",
         "s.yaml:3:51: actions[0].promote.regimes: expected at least one regime"),
        ("market: {replay: {}}\nactions:\n  - {kill_runner: true}\nexpect: {decisions: 1}\n", "s.yaml:3:5: actions[0].at: expected the decision point number"),
        ("market: {replay: {}}\nexpect: {decisions: -1}\n", "s.yaml:2:21: expect.decisions: expected a count ≥ 0 or {min, max}"),
        ("market: {replay: {}}\nexpect: {fills: {min: 3, max: 1}}\n", "s.yaml:2:17: expect.fills: min 3 > max 1"),
        ("market: {replay: {}}\nexpect: {regimes: {BTCUSDT: {sequence: [bull]}}}\n", "s.yaml:2:41: expect.regimes.BTCUSDT.sequence[0]: unknown regime 'bull'"),
        ("market: {replay: {}}\nexpect: {regimes: {BTCUSDT:spot: {max_switches: 1}}}\n", "s.yaml:2:20: expect.regimes: expected a symbol as plan sources name it"),
        ("market: {replay: {}}\nexpect: {strategies: [{only: [ema]}]}\n", "s.yaml:2:31: expect.strategies[0].only[0]: unknown strategy 'ema'"),
        ("market: {replay: {}}\nexpect: {strategies: [{from: 5, to: 5, only: []}]}\n", "s.yaml:2:23: expect.strategies[0]: to (5) must be after from (5)"),
        ("market: {replay: {}}\nexpect: {governor_events: {halt: 1}}\n", "s.yaml:2:28: expect.governor_events.halt: unknown key 'halt'"),
        ("market: {replay: {}}\nexpect: {digest: same}\n", "s.yaml:2:18: expect.digest: expected one of stable, same_without_actions"),
        ("market: {replay: {}}\nexpect: {}\n", "s.yaml:2:9: expect: expected at least one expectation"),
        ("market: {replay: {}}\nconfig: {brain: 3}\nexpect: {decisions: 1}\n", "s.yaml:2:17: config.brain: expected a mapping of settings"),
        ("name: two words\nmarket: {replay: {}}\nexpect: {decisions: 1}\n", "s.yaml:1:7: name: expected letters, digits"),
        ("market: [\n", "s.yaml:2:1: invalid YAML"),
    ])
    func badScenariosNameTheLineColumnAndField(text: String, expected: String) {
        #expect {
            _ = try ScenarioParser.parse(text, file: "s.yaml")
        } throws: { error in
            "\(error)".hasPrefix(expected)
        }
    }

    /// Cut, spliced and byte-flipped scenarios: each one parses or fails with a ConfigError naming the file.
    @Test func fuzzedScenariosParseOrFailCleanly() {
        var failures = 0
        for text in yamlMutations(of: Self.valid, count: 3_000, seed: 5) {
            do {
                _ = try ScenarioParser.parse(text, file: "fuzz.yaml")
            } catch {
                failures += 1
                #expect(error.file == "fuzz.yaml")
            }
        }
        #expect(failures > 100, "most mutations break the scenario")
    }
}
