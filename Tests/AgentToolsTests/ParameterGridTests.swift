import AgentTools
import ProdCore
import Testing

/// The grid of a sweep: ranges with both ends, lists, the strategy's own refusals left out and
/// counted, and every mistake named by its parameter.
@Suite struct ParameterGridTests {
    @Test(arguments: [
        ("5:50:5", [5.0, 10, 15, 20, 25, 30, 35, 40, 45, 50]), ("20:200:20", [20.0, 40, 60, 80, 100, 120, 140, 160, 180, 200]),
        ("0.5:1.5:0.25", [0.5, 0.75, 1, 1.25, 1.5]), ("0.1:0.3:0.1", [0.1, 0.2, 0.30000000000000004]), ("7", [7.0]), ("3:3:1", [3.0]),
    ])
    func rangesIncludeBothEnds(text: String, expected: [Double]) throws {
        #expect(try ParameterGrid.values(parsing: text, field: "x") == expected)
    }

    @Test(arguments: ["5:50", "5:50:0", "50:5:5", "a:b:c", "5:50:-5", "1:1e300:1e-300", "nan", ":", "5::5"])
    func badRangesAreRefusedNamingTheField(text: String) {
        do {
            let values = try ParameterGrid.values(parsing: text, field: "fast")
            Issue.record("accepted \(text) as \(values.count) values")
        } catch {
            #expect(error.description.hasPrefix("fast: '\(text)'"), "\(error)")
        }
    }

    @Test func theStrategysOwnRefusalsAreLeftOutAndCounted() throws {
        let grid = try ParameterGrid(
            strategy: "ema_cross", axes: [("fast", try ParameterGrid.values(parsing: "5:50:5", field: "fast")),
                                           ("slow", try ParameterGrid.values(parsing: "20:200:20", field: "slow"))])
        let (valid, refused) = grid.combinations
        #expect(valid.count == 90 && refused == 10, "fast < slow leaves the issue's 90 combinations")
        #expect(valid.first?.parameters == ["fast": 5, "slow": 20] && valid.last?.parameters == ["fast": 50, "slow": 200])
        #expect(valid[1].parameters == ["fast": 5, "slow": 40], "the first parameter varies slowest")
    }

    @Test(arguments: [
        ("moon", [("fast", [5.0])], [String: Double](), "strategy: unknown strategy 'moon'"),
        ("ema_cross", [("fats", [5.0])], [:], "fats: ema_cross has no such parameter"),
        ("ema_cross", [("fast", [1.0])], [:], "fast: 1 is outside 2…1000"),
        ("ema_cross", [("fast", [5.5])], [:], "fast: 5.5 is outside 2…1000 (whole numbers)"),
        ("ema_cross", [("fast", [5.0])], ["fast": 6], "fast: given twice"),
        ("ema_cross", [], ["fast": 6], "grid: give at least one parameter to sweep"),
        ("ema_cross", [("fast", Array(repeating: 5.0, count: 400)), ("slow", Array(repeating: 60.0, count: 400))], [:], "grid: 160000 combinations"),
    ])
    func mistakesAreNamed(strategy: String, axes: [(String, [Double])], fixed: [String: Double], message: String) {
        do {
            _ = try ParameterGrid(strategy: strategy, axes: axes.map { (name: $0.0, values: $0.1) }, fixed: fixed)
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error)")
        }
    }

}
