import Testing
@testable import ProdCore

/// The rules that keep a live session's bars exact: each closed minute once, in input order,
/// REST settling holes, conflicts and gaps counted.
struct LiveBarAssemblerTests {
    static let t0: Int64 = 1_677_628_800_000  // 2023-03-01T00:00Z
    static func bar(_ minute: Int64, close: Int64 = 100) -> Bar {
        Bar(openTime: t0 + minute * 60_000, open: Price(raw: 100), high: Price(raw: 200), low: Price(raw: 50), close: Price(raw: close),
            volume: Quantity(raw: 1), quoteVolume: Money(raw: 1), tradeCount: 1, takerBuyBaseVolume: .zero, takerBuyQuoteVolume: .zero)
    }
    static func minutes(_ bars: [LiveBar]) -> [Int64] { bars.map { ($0.bar.openTime - t0) / 60_000 } }

    @Test func theNextMinuteFromTheStreamIsTakenAtOnceAndAGapWaitsForREST() {
        var assembler = LiveBarAssembler(instruments: 1, start: Self.t0)
        assembler.stream(0, Self.bar(0), receivedAt: 0)
        #expect(Self.minutes(assembler.takeReady()) == [0])
        assembler.stream(0, Self.bar(3), receivedAt: 0)
        #expect(assembler.takeReady().isEmpty, "minutes 1 and 2 are not settled")
        #expect(assembler.hole(0).map { [$0.from, $0.through] } == [Self.t0 + 60_000, Self.t0 + 120_000])
        assembler.rest(0, [Self.bar(2)], through: Self.t0 + 120_000, receivedAt: 0)
        let ready = assembler.takeReady()
        #expect(Self.minutes(ready) == [2, 3] && ready.map(\.source) == [.rest, .ws])
        #expect(assembler.counts.gapMinutes == 1, "REST had no minute 1 either: an exchange gap")
    }

    @Test func aStreamedCopyThatDiffersFromRESTLosesAndIsCounted() {
        var assembler = LiveBarAssembler(instruments: 1, start: Self.t0)
        assembler.stream(0, Self.bar(1, close: 101), receivedAt: 0)
        assembler.rest(0, [Self.bar(0), Self.bar(1, close: 102)], through: Self.t0 + 60_000, receivedAt: 0)
        #expect(assembler.takeReady().map(\.bar.close.raw) == [100, 102])
        #expect(assembler.counts.conflicts == 1 && assembler.takeNotes().count == 1)
    }

    @Test func lateAndRepeatedCopiesAreDuplicatesNeverNewBars() {
        var assembler = LiveBarAssembler(instruments: 1, start: Self.t0)
        for _ in 0..<3 { assembler.stream(0, Self.bar(0), receivedAt: 0) }
        assembler.rest(0, [Self.bar(0)], through: Self.t0, receivedAt: 0)
        #expect(Self.minutes(assembler.takeReady()) == [0])
        #expect(assembler.counts.duplicates == 3 && assembler.counts.conflicts == 0)
        assembler.stream(0, Self.bar(0, close: 1), receivedAt: 0)
        #expect(assembler.counts.conflicts == 1 && assembler.takeReady().isEmpty, "a different late copy is a conflict; the taken bar stays")
    }

    @Test func twoInstrumentsLeaveInTimeThenInstrumentOrderWhicheverArrivesFirst() {
        var assembler = LiveBarAssembler(instruments: 2, start: Self.t0)
        assembler.stream(1, Self.bar(0), receivedAt: 0)
        assembler.stream(1, Self.bar(1), receivedAt: 0)
        #expect(assembler.takeReady().isEmpty, "instrument 0 has not settled minute 0")
        assembler.stream(0, Self.bar(0), receivedAt: 0)
        let ready = assembler.takeReady()
        #expect(ready.map(\.instrument) == [0, 1] && Self.minutes(ready) == [0, 0])
        assembler.stream(0, Self.bar(1), receivedAt: 0)
        #expect(assembler.takeReady().map(\.instrument) == [0, 1])
    }

    @Test func aResumedAssemblerContinuesAfterTheStoredBars() {
        var assembler = LiveBarAssembler(instruments: 1, resumingAfter: [Self.t0 + 4 * 60_000])
        assembler.stream(0, Self.bar(4), receivedAt: 0)
        assembler.stream(0, Self.bar(5), receivedAt: 0)
        #expect(Self.minutes(assembler.takeReady()) == [5])
    }
}
