import Foundation
import Testing

/// `brain research gate` on the bundled sample: it runs in well under a minute, its in-sample
/// numbers are the run `brain backtest` makes of the chosen combination, it fails (exit 1) by
/// the shipped thresholds and passes (exit 0) by lenient ones; a bad settings file is named.
@Suite(.serialized) struct GateTests {
    static let candidate = """
        id: gate_test
        strategy: ema_cross
        grid:
          fast: "5:15:5"
          slow: [30, 60]
        symbols: [BTCUSDT]
        timeframe: 15m
        fee_bps: 10
        sizing: risk:1
        exits: {stop_loss_pct: 2}
        objective: sharpe
        """

    /// configs/research.yaml's thresholds made such that any result with the numbers passes.
    static let lenientThresholds = [
        ("profit_factor_in_sample: 1.3", "profit_factor_in_sample: 0"), ("profit_factor_out_of_sample: 1.1", "profit_factor_out_of_sample: 0"),
        ("max_drawdown_vs_portfolio: 1.3", "max_drawdown_vs_portfolio: 100"), ("correlation_with_portfolio: 0.4", "correlation_with_portfolio: 1"),
        ("min_trades: 200", "min_trades: 0"), ("pbo_max: 0.5", "pbo_max: 1"),
    ]

    static func settings(_ folder: String, replacing: [(String, String)] = []) throws -> String {
        var text = try String(contentsOfFile: BrainProcess.repoRoot + "/configs/research.yaml", encoding: .utf8)
        for (old, new) in replacing { text = text.replacingOccurrences(of: old, with: new) }
        let path = folder + "/research.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func gate(_ folder: String, config: String) throws -> (status: Int32, report: [String: Any], errors: String) {
        let path = folder + "/candidate.yaml"
        try candidate.write(toFile: path, atomically: true, encoding: .utf8)
        let started = Date()
        let run = try BrainProcess.run(["research", "gate", path, "--config", config, "--reports", folder + "/reports"])
        #expect(Date().timeIntervalSince(started) < 60)
        let out = String(run.output.split(separator: "\n").first ?? "")
        let data = (try? Data(contentsOf: URL(fileURLWithPath: out + "/gate.json"))) ?? Data("{}".utf8)
        return (run.status, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:], run.errors)
    }

    static func check(_ report: [String: Any], _ name: String) -> [String: Any] {
        (report["checks"] as? [[String: Any]] ?? []).first { $0["name"] as? String == name } ?? [:]
    }

    @Test func theShippedThresholdsFailTheSampleAndTheNumbersAreBrainBacktests() throws {
        let folder = try BrainProcess.temporaryFolder()
        let (status, report, errors) = try Self.gate(folder, config: "configs/research.yaml")
        #expect(status == 1, "\(errors)")
        #expect(Self.check(report, "trades in sample (after fees and slippage)")["passed"] as? Bool == false)
        let chosen = try #require(report["chosen"] as? [Double])
        let backtest = try BrainProcess.run([
            "backtest", "--strategy", "ema_cross:fast=\(Int(chosen[0])),slow=\(Int(chosen[1]))", "--symbol=BTCUSDT", "--timeframe=15m", "--fee-bps=10",
            "--sizing=risk:1", "--stop-loss-pct=2", "--no-record", "--json",
        ])
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(backtest.output.utf8)) as? [String: Any], "\(backtest.errors)")
        #expect(Self.check(report, "trades in sample (after fees and slippage)")["value"] as? Double == Double(printed["trades"] as! Int))
        #expect(Self.check(report, "profit factor in sample")["value"] as? Double == printed["profit_factor"] as? Double)
        for name in ["correlation of daily returns with the portfolio", "max drawdown out of sample / portfolio average", "probability of backtest overfitting"] {
            #expect(Self.check(report, name)["value"] is Double, "\(name) is computed on the sample")
        }
    }

    @Test func lenientThresholdsPass() throws {
        let folder = try BrainProcess.temporaryFolder()
        let config = try Self.settings(folder, replacing: Self.lenientThresholds)
        let (status, report, errors) = try Self.gate(folder, config: config)
        #expect(status == 0 && (report["checks"] as? [[String: Any]])?.count == 7, "\(errors)")
    }

    @Test(arguments: [(("min_trades: 200", "min_trade: 200"), "min_trade"), (("pbo_max: 0.5", "pbo_max: 2"), "gate.pbo_max"),
                      (("pbo_blocks_of_days: 10", "pbo_blocks_of_days: 7"), "must be even")])
    func badSettingsAreNamed(replace: (String, String), message: String) throws {
        let folder = try BrainProcess.temporaryFolder()
        let config = try Self.settings(folder, replacing: [replace])
        let (status, _, errors) = try Self.gate(folder, config: config)
        #expect(status == 1 && errors.contains(config) && errors.contains(message), "\(errors)")
    }
}
