import Foundation
import Testing
@testable import ProdCore

/// Binance's documented USDT-M funding payloads ("Get Funding Rate History" and "Mark Price" of the
/// USDⓈ-M futures API docs) read exactly; what is not Binance's format is refused with the field.
struct BinanceFundingTests {
    static let documentedHistory = """
        [{"symbol":"BTCUSDT","fundingRate":"-0.03750000","fundingTime":1570608000000,"markPrice":"34287.54619963"},
         {"symbol":"BTCUSDT","fundingRate":"0.00010000","fundingTime":1570636800000,"markPrice":"34287.54619963"}]
        """
    static let documentedPremiumIndex = """
        {"symbol":"BTCUSDT","markPrice":"11793.63104562","indexPrice":"11781.80495970","estimatedSettlePrice":"11781.16138815",
         "lastFundingRate":"0.00038246","interestRate":"0.00010000","nextFundingTime":1597392000000,"time":1597370495002}
        """

    @Test func theDocumentedFundingHistoryIsReadExactly() throws {
        let rates = try BinanceFunding.rates(Data(Self.documentedHistory.utf8), symbol: "BTCUSDT")
        #expect(rates == [
            FundingRateEvent(time: 1_570_608_000_000, rate: Rate("-0.0375")!), FundingRateEvent(time: 1_570_636_800_000, rate: Rate("0.0001")!),
        ])
        #expect(try BinanceFunding.rates(Data(Self.documentedHistory.utf8), symbol: "ETHUSDT").isEmpty, "another symbol's records are not ours")
    }

    @Test func aSettlementStampedMillisecondsLateBelongsToItsFundingMinute() throws {
        let late = #"[{"symbol":"BTCUSDT","fundingRate":"0.00012000","fundingTime":1677657600004,"markPrice":"1"}]"#
        #expect(try BinanceFunding.rates(Data(late.utf8), symbol: "BTCUSDT").map(\.time) == [1_677_657_600_000])
    }

    @Test func theDocumentedPremiumIndexIsRead() throws {
        let premium = try BinanceFunding.premium(Data(Self.documentedPremiumIndex.utf8))
        #expect(premium.symbol == "BTCUSDT" && premium.markPrice == Price("11793.63104562"))
        #expect(premium.lastFundingRate == Rate("0.00038246") && premium.nextFundingTime == 1_597_392_000_000)
    }

    @Test(arguments: [
        (#"[{"symbol":"BTCUSDT","fundingRate":"1e300","fundingTime":1,"markPrice":"1"}]"#, "[0].fundingRate"),
        (#"[{"symbol":"BTCUSDT","fundingRate":"0.5","fundingTime":1,"markPrice":"1"}]"#, "[0].fundingRate"),
        (#"[{"symbol":"BTCUSDT","fundingRate":"0.0001","fundingTime":-5,"markPrice":"1"}]"#, "[0].fundingTime"),
        (#"[{"symbol":"BTCUSDT","fundingRate":0.0001,"fundingTime":1,"markPrice":"1"}]"#, "[0].fundingRate"),
        (#"[{"symbol":"BTCUSDT","fundingTime":1}]"#, "[0].fundingRate"),
        (#"{"code":-1121,"msg":"Invalid symbol."}"#, "top level"),
    ])
    func malformedFundingHistoryNamesTheField(text: String, field: String) {
        let error = #expect(throws: LiveFeedError.self) { try BinanceFunding.rates(Data(text.utf8), symbol: "BTCUSDT") }
        #expect(error.map { "\($0)".contains(field) } == true, "\(String(describing: error))")
    }

    @Test func randomBytesNeverCrashTheFundingParsers() {
        var generator = SystemRandomNumberGenerator()
        let pieces = [#"{"#, #"}"#, "[", "]", ",", ":", #""symbol""#, #""BTCUSDT""#, #""fundingRate""#, #""fundingTime""#, #""-0.0001""#, "1e300", "170", "null"]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0..<24, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            _ = try? BinanceFunding.rates(Data(text.utf8), symbol: "BTCUSDT")
            _ = try? BinanceFunding.premium(Data(text.utf8))
        }
    }
}
