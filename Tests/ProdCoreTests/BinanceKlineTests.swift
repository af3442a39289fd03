import Foundation
import Testing
@testable import ProdCore

/// Binance's documented kline payloads ("Kline/Candlestick data" and "Kline/Candlestick Streams"
/// of the spot API docs) read exactly, and what is not Binance's format refused with the field.
struct BinanceKlineTests {
    /// The REST example of Binance's docs.
    static let documentedREST = """
        [[1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",1499644799999,"2434.19055334",308,"1756.87402397","28.46694368","0"]]
        """
    /// The stream example of Binance's docs, inside the combined-stream envelope.
    static let documentedStream = """
        {"stream":"bnbbtc@kline_1m","data":{"e":"kline","E":1672515782136,"s":"BNBBTC","k":{"t":1672515780000,"T":1672515839999,"s":"BNBBTC","i":"1m","f":100,"L":200,"o":"0.0010","c":"0.0020","h":"0.0025","l":"0.0015","v":"1000","n":100,"x":false,"q":"1.0000","V":"500","Q":"0.500","B":"123456"}}}
        """

    @Test func theDocumentedRESTKlineIsReadExactly() throws {
        let rows = try BinanceKline.rows(Data(Self.documentedREST.utf8))
        #expect(rows.count == 1)
        let bar = try #require(rows.first).bar
        #expect(bar.openTime == 1_499_040_000_000 && rows[0].closeTime == 1_499_644_799_999)
        #expect(bar.open == Price("0.0163479") && bar.high == Price("0.8") && bar.low == Price("0.015758") && bar.close == Price("0.015771"))
        #expect(bar.volume == Quantity("148976.11427815") && bar.quoteVolume == Money("2434.19055334") && bar.tradeCount == 308)
        #expect(bar.takerBuyBaseVolume == Quantity("1756.87402397") && bar.takerBuyQuoteVolume == Money("28.46694368"))
    }

    @Test func theDocumentedStreamEventIsReadWithItsClosedFlag() throws {
        let event = try #require(try BinanceKline.event(Self.documentedStream))
        #expect(event.symbol == "BNBBTC" && event.interval == "1m" && event.eventTime == 1_672_515_782_136 && !event.isClosed)
        #expect(event.bar.openTime == 1_672_515_780_000 && event.bar.open == Price("0.001") && event.bar.close == Price("0.002"))
        #expect(event.bar.high == Price("0.0025") && event.bar.low == Price("0.0015") && event.bar.volume == Quantity("1000"))
        #expect(event.bar.tradeCount == 100 && event.bar.takerBuyBaseVolume == Quantity("500") && event.bar.takerBuyQuoteVolume == Money("0.5"))
    }

    @Test func otherStreamsAreNotKlines() throws {
        #expect(try BinanceKline.event(#"{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT"}}"#) == nil)
        #expect(try BinanceKline.event(#"{"result":null,"id":1}"#) == nil)
    }

    @Test(arguments: [
        (#"[[1,"1","1","1","1","1",2,"1",3,"1","1"]]"#, nil as String?),  // no 12th field: Binance may add or drop the unused one
        (#"[[1,"1e300","1","1","1","1",2,"1",3,"1","1","0"]]"#, "open"),
        (#"[[1,"-1","1","1","1","1",2,"1",3,"1","1","0"]]"#, "open"),
        (#"[[1,"1","1","1","1","0.000000001",2,"1",3,"1","1","0"]]"#, "volume"),
        (#"[[1,1.5,"1","1","1","1",2,"1",3,"1","1","0"]]"#, "[0].[1]"),
        (#"{"code":-1121,"msg":"Invalid symbol."}"#, "top level"),
        (#"[["#, "klines response"),
    ])
    func malformedRESTKlinesNameTheField(text: String, field: String?) throws {
        guard let field else {
            #expect(try BinanceKline.rows(Data(text.utf8)).count == 1)
            return
        }
        let error = #expect(throws: LiveFeedError.self) { try BinanceKline.rows(Data(text.utf8)) }
        #expect(error.map { "\($0)".contains(field) } == true, "\(String(describing: error))")
    }

    @Test func aStreamEventWithAHostileNumberIsRefused() {
        let hostile = Self.documentedStream.replacingOccurrences(of: #""c":"0.0020""#, with: #""c":"99999999999999999999""#)
        let error = #expect(throws: LiveFeedError.self) { try BinanceKline.event(hostile) }
        #expect(error.map { "\($0)".contains("k.c") } == true)
    }
}
