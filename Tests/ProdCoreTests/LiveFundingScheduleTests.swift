import Foundation
import Testing
@testable import ProdCore

/// The live feed's funding rates: the bars behind an unsettled funding time wait, a rate comes
/// before the bars of its minute, a rate never published settles as missing, and a resumed run
/// continues after what it stored.
struct LiveFundingScheduleTests {
    static let start: Int64 = 1_677_628_800_000  // 2023-03-01T00:00Z, a funding time
    static let eight = FundingRateEstimator.interval

    @Test func theFirstFundingTimeIsTheOneAfterTheFirstMinute() {
        #expect(LiveFundingSchedule(after: [1: Self.start]).pending == [1: Self.start + Self.eight], "a replay from 00:00 settles nothing at 00:00")
        #expect(LiveFundingSchedule(after: [1: Self.start + 60_000]).pending == [1: Self.start + Self.eight])
        #expect(LiveFundingSchedule(after: [1: Self.start - 60_000]).pending == [1: Self.start])
    }

    @Test func barsWaitForTheRateAndTheRateComesBeforeTheBarsOfItsMinute() throws {
        var schedule = LiveFundingSchedule(after: [0: Self.start])
        let funding = Self.start + Self.eight
        #expect(schedule.hold == funding)
        // Nothing published yet: the rate stays pending and the bars at 08:00 keep waiting.
        schedule.answer(0, records: [], giveUp: false, receivedAt: 1)
        #expect(schedule.hold == funding && schedule.take(through: funding).isEmpty)
        schedule.answer(0, records: [FundingRateEvent(time: funding, rate: Rate("0.0002")!)], giveUp: false, receivedAt: 2)
        #expect(schedule.hold == funding + Self.eight && schedule.counts.rates == 1)
        // Not handed out before every bar ahead of it is settled.
        #expect(schedule.take(through: funding - 60_000).isEmpty)
        let rate = try #require(schedule.take(through: funding).first)
        #expect(rate.time == funding && rate.rate == Rate("0.0002") && rate.instrument == 0)

        func bar(_ time: Int64, _ instrument: Int) -> LiveBar {
            LiveBar(instrument: instrument, bar: Bar(openTime: time, open: Price("1")!, high: Price("1")!, low: Price("1")!, close: Price("1")!,
                volume: .zero, quoteVolume: .zero, tradeCount: 0, takerBuyBaseVolume: .zero, takerBuyQuoteVolume: .zero), source: .ws, receivedAt: 0)
        }
        let merged = LiveFeed.inputOrder([bar(funding - 60_000, 0), bar(funding - 60_000, 1), bar(funding, 0), bar(funding, 1)], [rate])
        #expect(merged == [.bar(bar(funding - 60_000, 0)), .bar(bar(funding - 60_000, 1)), .funding(rate), .bar(bar(funding, 0)), .bar(bar(funding, 1))])
    }

    @Test func aRateNeverPublishedSettlesAsMissingOnlyWhenGivenUp() {
        var schedule = LiveFundingSchedule(after: [2: Self.start])
        schedule.answer(2, records: [FundingRateEvent(time: Self.start, rate: Rate("0.1")!)], giveUp: false, receivedAt: 1)
        #expect(schedule.counts == .init(rates: 0, missing: 0), "another funding time's record settles nothing")
        schedule.answer(2, records: [], giveUp: true, receivedAt: 1)
        #expect(schedule.counts == .init(rates: 0, missing: 1) && schedule.hold == Self.start + 2 * Self.eight)
        #expect(schedule.take(through: .max).isEmpty)
        #expect(schedule.takeNotes().first?.contains("no funding rate published for 2023-03-01T08:00:00Z") == true)
    }

    @Test func twoPerpetualsSettleInTimeThenInstrumentOrder() {
        var schedule = LiveFundingSchedule(after: [1: Self.start, 0: Self.start])
        let funding = Self.start + Self.eight
        schedule.answer(1, records: [FundingRateEvent(time: funding, rate: Rate("0.0003")!)], giveUp: false, receivedAt: 1)
        #expect(schedule.hold == funding, "instrument 0 is still pending")
        schedule.answer(0, records: [FundingRateEvent(time: funding, rate: Rate("-0.0001")!)], giveUp: false, receivedAt: 2)
        #expect(schedule.take(through: funding).map(\.instrument) == [0, 1])
    }
}
