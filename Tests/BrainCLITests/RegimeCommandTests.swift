import Foundation
import ProdCore
import Testing

/// `brain regime --out` on the bundled sample: every bar with its time twice (epoch ms and ISO
/// 8601) and its regime, blank while the classifier warms up, and a summary saying how many bars
/// that took.
struct RegimeCommandTests {
    @Test func theRegimeFileSaysWhenEachBarIsAndHowLongTheWarmUpLasted() throws {
        let folder = try BrainProcess.temporaryFolder()
        let result = try BrainProcess.run(["regime", "--symbol", "BTCUSDT", "--timeframe", "1h", "--out", folder + "/regimes.csv"])
        #expect(result.status == 0, "\(result.errors)")
        let rows = try String(contentsOfFile: folder + "/regimes.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == ["open_time", "open_time_utc", "regime"])
        let bars = rows.dropFirst()
        #expect(bars.allSatisfy { $0.count == 3 && UTCTimestamp.iso8601(Int64($0[0]) ?? 0) == $0[1] })
        let warming = bars.prefix { $0[2].isEmpty }.count
        let first = try #require(bars.first { !$0[2].isEmpty })
        #expect(warming > 0 && result.output.contains("the first \(warming) warm up (regime blank), first regime at \(first[1])"), "\(result.output)")
    }
}
