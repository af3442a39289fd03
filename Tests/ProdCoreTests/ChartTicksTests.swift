import Testing

@testable import ProdCore

/// The report charts' axes: round values that enclose the data, and round UTC times — hours,
/// midnights, Mondays, first days of months or years — inside the period, a handful per axis.
@Suite struct ChartTicksTests {
    @Test(arguments: [
        (8320.8, 10000.0, [8000.0, 8500, 9000, 9500, 10000], 0),
        (0.0, 17.02, [0.0, 5, 10, 15, 20], 0),
        (0.0, 0.35, [0.0, 0.1, 0.2, 0.3, 0.4], 1),
        (21_012.5, 29_180.0, [20_000.0, 22_000, 24_000, 26_000, 28_000, 30_000], 0),
        (9_998.2, 10_000.4, [9_998.0, 9_998.5, 9_999.0, 9_999.5, 10_000.0, 10_000.5], 1),
    ])
    func valueTicksAreRoundAndEncloseTheData(low: Double, high: Double, expected: [Double], decimals: Int) {
        let (ticks, places) = ChartTicks.values(low, high)
        #expect(ticks.count == expected.count && zip(ticks, expected).allSatisfy { abs($0 - $1) < 1e-9 }, "\(ticks)")
        #expect(places == decimals)
        #expect(ticks.first! <= low && ticks.last! >= high)
    }

    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    @Test(arguments: [
        ("2023-03-01T05:17:00Z", "2023-03-01T11:40:00Z", "03-01 06:00"),
        ("2023-03-24T13:24:00Z", "2023-03-31T13:24:00Z", "2023-03-25"),
        ("2023-02-01T00:01:00Z", "2023-04-01T00:00:00Z", "2023-02-06"),
        ("2022-01-01T00:00:00Z", "2023-12-31T23:59:00Z", "2022-01"),
        ("2015-06-01T00:00:00Z", "2023-12-31T23:59:00Z", "2016"),
    ])
    func timeTicksAreRoundUTCTimesInsideThePeriod(start: String, end: String, firstLabel: String) {
        let (from, to) = (UTCTimestamp.parseISO8601(start)!, UTCTimestamp.parseISO8601(end)!)
        let ticks = ChartTicks.times(from, to)
        #expect((3...10).contains(ticks.count), "\(ticks.map(\.label))")
        #expect(ticks.first?.label == firstLabel, "\(ticks.map(\.label))")
        #expect(ticks.allSatisfy { (from...to).contains($0.time) })
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0.time < $1.time })
        for tick in ticks {
            let iso = UTCTimestamp.iso8601(tick.time)
            if to - from > 60 * Self.day {
                #expect(iso.dropFirst(8).hasPrefix("01T00:00:00"), "a month's first midnight: \(iso)")
            } else if to - from > 2 * Self.day {
                #expect(tick.time % Self.day == 0, "a midnight: \(iso)")
            } else {
                #expect(tick.time % Self.hour == 0, "a whole hour: \(iso)")
            }
        }
    }
}
