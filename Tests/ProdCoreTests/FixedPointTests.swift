import Testing

@testable import ProdCore

@Suite struct FixedPointTests {
    @Test(arguments: [
        ("16541.77000000", 1_654_177_000_000), ("0", 0), ("0.00000001", 1), ("5", 500_000_000),
        (".5", 50_000_000), ("7.", 700_000_000), ("1.1000000000", 110_000_000),
    ])
    func parsesBinanceDecimalsExactly(text: String, raw: Int64) {
        #expect(Price(text)?.raw == raw)
    }

    @Test(arguments: ["", "--1", "-0", "-", "1.000000001", "NaN", "inf", "1e5", "1,5", "92233720368.54775808", ".", "1.2.3"])
    func rejectsWhatIsNotAnExactNonNegativeDecimal(text: String) {
        #expect(Price(text) == nil)
    }

    @Test(arguments: ["-2.5", "0.00000001", "-0.00000001", "16541.77", "92233720368.54775807"])
    func descriptionAndParsingRoundTrip(text: String) {
        #expect(Money(text)?.description == text)
    }

    @Test func formatsWithoutTrailingZeros() {
        #expect(Price(raw: 1_654_177_000_000).description == "16541.77")
        #expect(Quantity(raw: 1).description == "0.00000001")
        #expect(Money(raw: -250_000_000).description == "-2.5")
        #expect(Money(raw: 0).description == "0")
    }

    @Test func doubleValueIsTheCorrectlyRoundedDecimal() {
        #expect(Price("23141.57")!.doubleValue == 23141.57)
        #expect(Price("0.1")!.doubleValue == 0.1)
    }

    @Test func utcTimestampsFormatLikeISO8601() {
        #expect(UTCTimestamp.iso8601(0) == "1970-01-01T00:00:00Z")
        #expect(UTCTimestamp.iso8601(1_679_661_600_000) == "2023-03-24T12:40:00Z")
        #expect(UTCTimestamp.iso8601(951_782_400_000) == "2000-02-29T00:00:00Z")
        #expect(UTCTimestamp.iso8601(1_677_628_859_999) == "2023-03-01T00:00:59.999Z")
    }

    @Test func timeframeBucketsAreUTCAligned() {
        #expect(Timeframe.h4.bucketStart(of: 1_679_661_600_000) == 1_679_659_200_000)
        #expect(Timeframe.d1.bucketStart(of: 1_679_661_600_000) == 1_679_616_000_000)
        #expect(Timeframe.d1.minutes == 1440)
    }
}
