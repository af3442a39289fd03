import Foundation
import ProdCore
import Testing

/// `brain status` while a live session runs and its runner is killed twice from outside: the
/// current state apart from the alert history, times beside every alert, the repeated alert
/// counted once, and `--json` in natural units.
@Suite(.serialized) struct StatusTests {
    @Test func statusSeparatesTheCurrentStateFromTheAlertHistoryInNaturalUnits() throws {
        let server = try LiveSessionTests.fake()
        defer { server.stop() }
        let folder = try BrainProcess.temporaryFolder()
        let session = try BrainCrashTests.Session(
            ["--config", try BrainCrashTests.brainConfig(in: folder, restarts: 10), "--feed", "live"] + server.feedFlags + LiveSessionTests.window,
            folder: folder)
        for decisions in [1_000, 1_500] {
            session.waitForDecisions(decisions)
            if let runner = session.runner() { kill(runner, SIGKILL) }
        }
        session.waitForDecisions(2_500)
        // The status file is written at most twice a second: wait until it tells both restarts.
        var text = ""
        var json: [String: Any] = [:]
        for _ in 0..<100 where session.process.isRunning {
            let shown = try BrainProcess.run(["status", "--db", folder + "/crupto.db"])
            let printed = try BrainProcess.run(["status", "--json", "--db", folder + "/crupto.db"])
            if shown.status == 0, printed.status == 0, shown.output.contains("restarts 2") {
                text = shown.output
                json = try JSONSerialization.jsonObject(with: Data(printed.output.utf8)) as? [String: Any] ?? [:]
                break
            }
            usleep(100_000)
        }
        _ = try session.finish()
        #expect(text.contains("\nnow\n  equity        ") && text.contains("  day loss      ") && text.contains("  positions     "), "\(text)")
        #expect(text.contains("  governor      ") && text.contains("  feed          last input 2023-02-") && text.contains("alerts (newest first)"), "\(text)")
        // The two crashes raised the same alert: one line, counted, with the event times.
        let crashLines = text.split(separator: "\n").filter { $0.contains("runner_crashed") }
        #expect(crashLines.count == 1 && crashLines.first?.contains("×2 since 2023-02-") == true, "\(text)")

        let now = json["now"] as? [String: Any] ?? [:]
        let equity = try #require(now["equity"] as? NSNumber, "\(json)")
        #expect(equity.doubleValue > 5_000 && equity.doubleValue < 20_000, "natural units, not ×10⁸: \(equity)")
        #expect((now["day_loss_limit"] as? NSNumber).map { $0.doubleValue > 0 && $0.doubleValue < 10_000 } == true, "\(now)")
        #expect((now["feed"] as? [String: Any])?["event_time"] as? String != nil)
        let alerts = json["alerts"] as? [[String: Any]] ?? []
        let crash = alerts.first { $0["code"] as? String == "runner_crashed" }
        #expect(crash?["count"] as? Int == 2 && (crash?["first_time"] as? String)?.hasPrefix("2023-02-") == true, "\(alerts)")
        let times = alerts.compactMap { $0["last_time"] as? String }
        #expect(times == times.sorted(by: >), "newest first: \(times)")
    }
}
