import Testing

@testable import ProdCore

@Suite struct BarAggregatorTests {
    static let minutes: [Bar] = {
        let file = try! TestSupport.sampleFile(TestSupport.spotBTC, "BTCUSDT-1m-2023-03.zip")
        return try! TestSupport.bars([file]).bars
    }()

    /// Straightforward group-by reference: every bucket with at least one minute.
    static func reference(_ minutes: [Bar], _ timeframe: Timeframe) -> [AggregatedBar] {
        var result: [AggregatedBar] = []
        var index = 0
        while index < minutes.count {
            let start = timeframe.bucketStart(of: minutes[index].openTime)
            var end = index
            while end < minutes.count && timeframe.bucketStart(of: minutes[end].openTime) == start { end += 1 }
            let group = minutes[index..<end]
            let bar = Bar(
                openTime: start, open: group.first!.open, high: group.map(\.high).max()!,
                low: group.map(\.low).min()!, close: group.last!.close,
                volume: Quantity(raw: group.map(\.volume.raw).reduce(0, +)),
                quoteVolume: Money(raw: group.map(\.quoteVolume.raw).reduce(0, +)),
                tradeCount: group.map(\.tradeCount).reduce(0, +),
                takerBuyBaseVolume: Quantity(raw: group.map(\.takerBuyBaseVolume.raw).reduce(0, +)),
                takerBuyQuoteVolume: Money(raw: group.map(\.takerBuyQuoteVolume.raw).reduce(0, +)))
            result.append(AggregatedBar(bar: bar, timeframe: timeframe, missingMinutes: timeframe.minutes - group.count))
            index = end
        }
        return result
    }

    static func aggregate(_ minutes: some Sequence<Bar>, _ timeframe: Timeframe) -> [AggregatedBar] {
        var aggregator = BarAggregator(timeframe: timeframe)
        var out: [AggregatedBar] = []
        for minute in minutes { aggregator.add(minute) { out.append($0) } }
        return out
    }

    @Test(arguments: [Timeframe.m5, .m15, .h1, .h4, .d1])
    func matchesAGroupByOfRealMinutes(timeframe: Timeframe) {
        let bars = Self.aggregate(Self.minutes, timeframe)
        #expect(bars == Self.reference(Self.minutes, timeframe))
        #expect(bars.allSatisfy { $0.bar.openTime % timeframe.milliseconds == 0 })
    }

    @Test func outageBucketsSayHowManyMinutesTheyMiss() {
        let hours = Self.aggregate(Self.minutes, .h1)
        let missing = hours.filter { !$0.isComplete }.map { (UTCTimestamp.iso8601($0.bar.openTime), $0.missingMinutes) }
        // The outage runs 12:40–13:59: the 12:00 hour misses 20 minutes, 13:00 has none, 14:00 is whole.
        #expect(missing.map(\.0) == ["2023-03-24T12:00:00Z"])
        #expect(missing.map(\.1) == [20])
        #expect(hours.contains { UTCTimestamp.iso8601($0.bar.openTime) == "2023-03-24T13:00:00Z" } == false,
                "an hour with no minute at all is not invented")
        let fourHours = Self.aggregate(Self.minutes, .h4)
        let outage = fourHours.first { UTCTimestamp.iso8601($0.bar.openTime) == "2023-03-24T12:00:00Z" }
        #expect(outage?.missingMinutes == 80)
        #expect(hours.count == 31 * 24 - 1)
    }

    @Test func onlyClosedBucketsAreEmitted() {
        let cut = Self.minutes.prefix(90)
        let hours = Self.aggregate(cut, .h1)
        #expect(hours.count == 1, "the second hour has only 30 minutes and is still open")
        let fiveMinutes = Self.aggregate(cut.prefix(12), .m5)
        #expect(fiveMinutes.count == 2)
    }

    @Test func aBucketIsEmittedAsSoonAsItsLastMinuteArrives() {
        var aggregator = BarAggregator(timeframe: .m5)
        var emitted: [Int] = []
        for (index, minute) in Self.minutes.prefix(10).enumerated() {
            aggregator.add(minute) { _ in emitted.append(index) }
        }
        #expect(emitted == [4, 9])
    }
}
