import Foundation
import Testing

@testable import ProdCore

/// Compares every indicator with TA-Lib on real data (fixtures from scripts/fixtures/make_indicator_fixtures.py).
@Suite struct IndicatorFixtureTests {
    struct Fixture {
        let source: String
        let firstRow: Int
        let rowCount: Int
        let indicators: String
        let columns: [String]
        let openTimes: [Int64]
        /// `nil` = empty cell (warm-up).
        let values: [[Double?]]
    }

    static let maximumRelativeError = 1e-9

    static func load(_ name: String) throws -> Fixture {
        let text = try String(contentsOfFile: TestSupport.path("Tests/ProdCoreTests/Fixtures/\(name)"), encoding: .utf8)
        var meta: [String: String] = [:]
        var lines = text.split(separator: "\n").map(String.init)
        while let first = lines.first, first.hasPrefix("# ") {
            let parts = first.dropFirst(2).split(separator: ":", maxSplits: 1)
            meta[String(parts[0])] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            lines.removeFirst()
        }
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        var times: [Int64] = []
        var values: [[Double?]] = []
        for line in lines {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            times.append(Int64(cells[0])!)
            values.append(cells.dropFirst().map { $0.isEmpty ? nil : Double($0)! })
        }
        let rows = meta["rows"]!.split(separator: " ").map { Int($0)! }
        return Fixture(
            source: meta["source"]!, firstRow: rows[0], rowCount: rows[1], indicators: meta["indicators"]!,
            columns: Array(header.dropFirst()), openTimes: times, values: values)
    }

    @Test("Indicators equal TA-Lib after warm-up and are empty during it", arguments: [
        "talib_btcusdt_spot_1m.csv", "talib_ethusdt_usdm_1m.csv",
    ])
    func matchesTaLib(fixtureName: String) throws {
        let fixture = try Self.load(fixtureName)
        let file = try VisionFile(path: TestSupport.path(fixture.source))
        let all = try TestSupport.bars([file]).bars
        let bars = Array(all[fixture.firstRow..<(fixture.firstRow + fixture.rowCount)])
        #expect(bars.map(\.openTime) == fixture.openTimes)

        var set = IndicatorSet(try IndicatorSpec.parseList(fixture.indicators))
        #expect(set.columns == fixture.columns)
        var worst = [Double](repeating: 0, count: set.columns.count)
        var failures = 0
        for (row, bar) in bars.enumerated() {
            set.update(bar)
            for (column, (ours, theirs)) in zip(set.values(), fixture.values[row]).enumerated() {
                guard let theirs else {
                    #expect(ours.isNaN, "\(set.columns[column]) row \(row): warm-up cell should be empty, got \(ours)")
                    continue
                }
                #expect(!ours.isNaN, "\(set.columns[column]) row \(row): expected \(theirs), got nothing")
                let error = Self.relativeError(ours, theirs)
                worst[column] = max(worst[column], error)
                if error > Self.maximumRelativeError { failures += 1 }
                #expect(failures > 5 || error <= Self.maximumRelativeError,
                        "\(set.columns[column]) row \(row): \(ours) vs TA-Lib \(theirs)")
            }
        }
        #expect(failures == 0, "\(failures) values differ from TA-Lib by more than 1e-9")
        print("\(fixtureName): worst relative error per column:",
              zip(set.columns, worst).map { "\($0)=\($1)" }.joined(separator: " "))
    }

    /// |a − b| / max(|a|, |b|); values within 1e-12 of each other count as equal (both near zero).
    static func relativeError(_ a: Double, _ b: Double) -> Double {
        let difference = abs(a - b)
        if difference <= 1e-12 { return 0 }
        return difference / max(abs(a), abs(b))
    }
}
