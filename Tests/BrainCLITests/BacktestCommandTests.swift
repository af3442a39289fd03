import Foundation
import Testing

/// `brain backtest` as a user runs it, on the bundled sample.
@Suite struct BacktestCommandTests {
    static let arguments = [
        "backtest", "--strategy", "ema_cross:fast=20,slow=50", "--symbol", "BTCUSDT", "--from", "2023-03-01",
        "--to", "2023-03-10", "--json",
    ]

    static func summary(_ extra: [String] = []) throws -> [String: Any] {
        let result = try BrainProcess.run(arguments + extra)
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
        #expect(lines.first == "strategy,symbol,market,entry_time,exit_time,side,quantity,entry_price,exit_price,fees,funding,pnl,exit_reason")
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
    ])
    func badInputIsRefusedWithAClearMessage(extra: [String], message: String) throws {
        let result = try BrainProcess.run(["backtest"] + extra)
        #expect(result.status != 0)
        #expect(result.errors.contains(message), "\(result.errors)")
    }
}
