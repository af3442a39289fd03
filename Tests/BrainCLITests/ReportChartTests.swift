import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The report's charts and `brain report chart`: trades.svg is in a traded run's report and its
/// manifest, and any instrument and window of a recorded run can be drawn, with exactly the
/// trades entered and exited within it; bad flags are named.
struct ReportChartTests {
    /// Entry markers (a polygon titled long/short) and exit markers (a circle titled exit) in an SVG.
    static func markers(_ path: String) throws -> (entries: Int, exits: Int) {
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: path))
        let entries = try document.nodes(forXPath: "//*[local-name()='polygon']/*[local-name()='title']")
            .count { ($0.stringValue ?? "").hasPrefix("long ") || ($0.stringValue ?? "").hasPrefix("short ") }
        let exits = try document.nodes(forXPath: "//*[local-name()='circle']/*[local-name()='title']").count { ($0.stringValue ?? "").hasPrefix("exit ") }
        return (entries, exits)
    }

    @Test func aChosenWindowShowsExactlyTheTradesWithinIt() throws {
        let folder = try BrainProcess.temporaryFolder()
        let database = ["--db", folder + "/crupto.db"]
        let backtest = try BrainProcess.run(
            ["backtest", "--strategy", "ema_cross", "--json", "--reports", folder + "/reports"] + database)
        #expect(backtest.status == 0, "\(backtest.errors)")
        let report = try #require(try FileManager.default.contentsOfDirectory(atPath: folder + "/reports").first)
        let manifest = try String(contentsOfFile: "\(folder)/reports/\(report)/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"trades.svg\""), "the report lists its trades chart")
        let reportMarkers = try Self.markers("\(folder)/reports/\(report)/trades.svg")
        #expect(reportMarkers.entries > 0 && reportMarkers.entries == reportMarkers.exits)

        let output = folder + "/feb.svg"
        let chart = try BrainProcess.run(
            ["report", "chart", "1", "--symbol", "BTCUSDT:spot", "--from", "2023-02-10", "--to", "2023-02-12", "--output", output] + database)
        #expect(chart.status == 0, "\(chart.errors)")
        let said = Int(chart.output.split(separator: " ")[1]) ?? -1
        let drawn = try Self.markers(output)
        #expect(said > 0 && drawn.entries == said && drawn.exits == said, "\(chart.output)")

        for (flags, message) in [
            (["--symbol", "BTCUSDT:moon"], "--symbol BTCUSDT:moon"), (["--from", "2023-02-30"], "--from 2023-02-30"),
            (["--from", "2021-01-01", "--to", "2023-03-01"], "longer than 400 days"), (["--from", "2023-03-02", "--to", "2023-03-01"], "--from is after --to"),
        ] {
            let bad = try BrainProcess.run(["report", "chart", "1", "--output", folder + "/bad.svg"] + flags + database)
            #expect(bad.status != 0 && bad.errors.contains(message), "\(flags): \(bad.errors)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/bad.svg"))
    }
}
