import Testing
@testable import ProdCore

/// summary.md's plans table: a row per change of what the plans do, repeats counted, the brain's
/// regimes and reason apart, the strategy's parameters left to plans.csv.
struct PlanTableTests {
    static func record(_ time: Int64, source: String, entry: String?, sizing: String = "risk:0.5", applied: Bool = true) -> PlanRecord {
        let text = "id=p\(time) source=\(source)" + (entry.map { " entry=\($0)" } ?? "") + " sizing=\(sizing) exits=stop:0.02 risk=cooldown:3"
        return PlanRecord(sequence: time, time: time * 3_600_000, id: "p\(time)", source: source, text: text, applied: applied, reasons: applied ? [] : ["sizing: too large"])
    }

    @Test func repeatsCollapseAndTheBrainsReasonIsSplitIntoRegimesAndTheRest() {
        let range = "brain#3 BTCUSDT=range | on=range_rev_5m map=53c74e11 | exec=limit-0.0004"
        let entry = "range_rev_5m:adx_max=20,rsi_period=14@BTCUSDT:spot:5m"
        let rows = PlanTable.rows([
            Self.record(1, source: "brain#1 BTCUSDT=warming | on=none", entry: nil),
            Self.record(2, source: range, entry: entry),
            Self.record(3, source: range.replacingOccurrences(of: "0.0004", with: "0.0005"), entry: entry),
            Self.record(4, source: range, entry: entry, sizing: "risk:0.25"),
            Self.record(5, source: range, entry: entry, sizing: "risk:0.25", applied: false),
        ])
        #expect(rows.map(\.repeats) == [1, 2, 1, 1], "a plan doing what the one before did is counted, not listed")
        #expect(rows[0].regimes == "BTCUSDT=warming" && rows[0].strategies == "none" && rows[0].reason == "on=none")
        #expect(rows[1].strategies == "range_rev_5m@BTCUSDT:spot:5m" && rows[1].regimes == "BTCUSDT=range")
        #expect(rows[1].reason == "on=range_rev_5m map=53c74e11; exec=limit-0.0004" && rows[1].time == "1970-01-01T02:00:00Z")
        #expect(rows[2].sizing == "risk:0.25" && rows[3].verdict == "rejected: sizing: too large")
    }
}
