import Foundation
import Testing

/// `brain report compare A B`: the key numbers of two runs side by side, B − A, and whether they
/// computed the same thing.
struct ReportCompareTests {
    @Test func twoRunsSideBySideWithTheirDifferenceAndDigests() throws {
        let window = ["--from", "2023-03-01", "--to", "2023-03-10"]
        let warmed = try BrainStartTests.start(window)
        let folder = warmed.folder
        for extra in [window, window + ["--warm-up-days", "0"]] {
            let again = try BrainProcess.run(BrainStartTests.arguments(folder, extra))
            #expect(again.status == 0, "\(again.errors)")
        }
        let database = ["--db", folder + "/crupto.db"]
        let same = try BrainProcess.run(["report", "compare", "1", "2"] + database)
        #expect(same.status == 0 && same.output.hasSuffix("same digest: the two runs computed the same thing\n"), "\(same.output)\(same.errors)")
        #expect(same.output.contains("| Return | ") && same.output.contains("| +0 |"))

        let different = try BrainProcess.run(["report", "compare", "1", "3", "--json"] + database)
        let object = try JSONSerialization.jsonObject(with: Data(different.output.utf8)) as? [String: Any] ?? [:]
        #expect(object["same_digest"] as? Bool == false)
        let rows = object["rows"] as? [[String: Any]] ?? []
        let trades = try #require(rows.first { $0["metric"] as? String == "Trades" })
        let warmedTrades = try #require(warmed.summary["trades"] as? Int)
        #expect((trades["b_minus_a"] as? Double) == Double(0 - warmedTrades), "the cold run has no trade: \(trades)")
        let missing = try BrainProcess.run(["report", "compare", "1", "9"] + database)
        #expect(missing.status != 0 && missing.errors.contains("no run 9"), "\(missing.errors)")
    }
}
