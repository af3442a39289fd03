import Foundation
import Testing

/// `brain backtest` as a user runs it, on the bundled sample.
@Suite struct BacktestCommandTests {
    static let arguments = [
        "backtest", "--strategy", "ema_cross:fast=20,slow=50", "--symbol", "BTCUSDT", "--from", "2023-03-01",
        "--to", "2023-03-10", "--json",
    ]

    static func summary(_ extra: [String] = [], base: [String] = arguments) throws -> [String: Any] {
        let result = try BrainProcess.run(base + extra)
        #expect(result.status == 0, "\(result.errors)")
        return try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as! [String: Any]
    }

    @Test func twoSeparateProcessesPrintTheSameDigest() throws {
        let first = try Self.summary()
        let second = try Self.summary()
        let digest = try #require(first["digest"] as? String)
        #expect(digest.count == 64)
        #expect(second["digest"] as? String == digest)
        #expect(first["final_equity"] as? String == second["final_equity"] as? String)
        #expect(first["bars"] as? Int == 10 * 1440)
        #expect(first["first_bar"] as? String == "2023-03-01T00:00:00Z")
        #expect(first["last_bar"] as? String == "2023-03-10T23:59:00Z")
        let other = try Self.summary(["--fill", "close"])
        #expect(other["digest"] as? String != digest, "another fill rule is another run")
    }

    @Test func reportsEveryDocumentedNumber() throws {
        let summary = try Self.summary(["--fill", "close", "--fee-bps", "10", "--sizing", "fixed:0.01"])
        for key in ["bars", "trades", "final_equity", "total_return", "max_drawdown", "profit_factor", "sharpe",
                    "win_rate", "fees", "digest", "load_seconds", "engine_bars_per_second"] {
            #expect(summary[key] != nil, "missing \(key)")
        }
        #expect((summary["trades"] as? Int ?? 0) > 0)
        #expect(summary["sizing"] as? String == "fixed:0.01")
    }

    @Test func writesTheTradeLog() throws {
        let path = try BrainProcess.temporaryFolder() + "/trades.csv"
        let summary = try Self.summary(["--trades", path])
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "strategy,symbol,market,side,entry_time,exit_time,quantity,entry_price,exit_price,fees,funding,pnl,exit_reason")
        #expect(lines.count - 1 == summary["trades"] as? Int)
    }

    @Test(arguments: [
        (["--strategy", "ema_cross:fast=50,slow=20"], "fast must be smaller than slow"),
        (["--strategy", "martingale"], "unknown strategy"),
        (["--strategy", "ema_cross", "--sizing", "kelly:0"], "sizing 'kelly:0'"),
        (["--strategy", "ema_cross", "--fee-bps", "-1"], "--fee-bps"),
        (["--strategy", "ema_cross", "--from", "2023-13-01"], "--from: expected YYYY-MM-DD"),
        (["--strategy", "ema_cross", "--symbol", "DOGEUSDT"], "DOGEUSDT spot is not in configs/symbols.yaml"),
        (["--strategy", "ema_cross", "--from", "2024-01-01"], "no BTCUSDT bars in the selected period"),
        (["--strategy", "ema_cross", "--max-daily-loss-pct", "5"], "governor.max_daily_loss 0.05 loosens the hard limit 0.03"),
        (["--strategy", "funding_rev", "--data", "data/sample/futures"], "no --funding files and no spot BTCUSDT klines"),
        (["--strategy", "ema_cross", "--order", "limit:x"], "--order: expected market or limit"),
        (["--strategy", "ema_cross", "--kill-switch", "2023-03-05"], "--kill-switch: expected TIME"),
        (["--strategy", "ema_cross", "--max-volume-share", "0"], "--max-volume-share"),
        (["--strategy", "funding_rev", "--funding", "nowhere/BTCUSDT-fundingRate-2023-03.csv"], "nowhere/BTCUSDT-fundingRate-2023-03.csv"),
    ])
    func badInputIsRefusedWithAClearMessage(extra: [String], message: String) throws {
        let result = try BrainProcess.run(["backtest"] + extra)
        #expect(result.status != 0)
        #expect(result.errors.contains(message), "\(result.errors)")
    }
}

/// `brain backtest` with several strategies, USDT-M funding, the kill switch and plan limits.
@Suite struct MultiStrategyBacktestTests {
    static let arguments = [
        "backtest", "--strategy", "ema_cross", "--strategy", "range_rev_5m", "--strategy", "breakout_4h",
        "--strategy", "funding_rev:entry_bps=1.5,exit_bps=0.5", "--symbol", "BTCUSDT", "--sizing", "fixed:0.01",
        "--json",
    ]

    @Test func allFourStrategiesRunInOneAccountWithEstimatedFundingAndTheSameDigestTwice() throws {
        let path = try BrainProcess.temporaryFolder() + "/trades.csv"
        let first = try BacktestCommandTests.summary(Self.arguments.dropFirst().map { $0 } + ["--trades", path], base: ["backtest"])
        let second = try BacktestCommandTests.summary(Self.arguments.dropFirst().map { $0 }, base: ["backtest"])
        #expect(first["digest"] as? String == second["digest"] as? String)
        #expect(first["instruments"] as? [String] == ["BTCUSDT@spot", "BTCUSDT@usdm"])
        let byStrategy = try #require(first["trades_by_strategy"] as? [String: Int])
        #expect(byStrategy.keys.contains { $0.hasPrefix("funding_rev:") && $0.hasSuffix("@BTCUSDT:usdm:1h") })
        #expect(byStrategy.keys.contains { $0.hasPrefix("range_rev_5m:") })
        #expect((first["funding_payments"] as? Int ?? 0) > 0, "funding settled on the perpetual position")
        let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == first["trades"] as? Int)
        #expect(rows.allSatisfy { $0.hasPrefix("\"") }, "labels with commas are quoted")
    }

    @Test func theKillSwitchFlagFlattensAndIsReported() throws {
        let summary = try BacktestCommandTests.summary(
            ["--strategy", "ema_cross", "--kill-switch", "2023-03-05T12:00:00Z,flatten", "--from", "2023-03-01", "--to", "2023-03-10"],
            base: ["backtest", "--json"])
        let events = try #require(summary["governor_events"] as? [String])
        #expect(events.contains { $0.hasPrefix("2023-03-05T12:00:00Z kill_switch:") })
        let rejections = try #require(summary["rejections_by_reason"] as? [String: Int])
        #expect((rejections["governor_kill_switch"] ?? 0) > 0)
    }

    @Test func fundingFilesReplaceTheEstimate() throws {
        let folder = try BrainProcess.temporaryFolder()
        let path = folder + "/BTCUSDT-fundingRate-2023-03.csv"
        var text = "calc_time,funding_interval_hours,last_funding_rate\n"
        for day in 0..<31 { for hour in [0, 8, 16] { text += "\(1_677_628_800_000 + Int64(day) * 86_400_000 + Int64(hour) * 3_600_000),8,0.00050000\n" } }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let summary = try BacktestCommandTests.summary(
            ["--strategy", "funding_rev", "--funding", path, "--from", "2023-03-01", "--to", "2023-03-31"], base: ["backtest", "--json"])
        #expect((summary["trades"] as? Int ?? 0) > 0, "a constant 5 bps rate is extreme: the strategy shorts")
        #expect((Double(summary["funding"] as? String ?? "0") ?? 0) < 0, "shorts receive a positive rate")
    }
}
