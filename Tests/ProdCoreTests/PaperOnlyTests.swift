import Foundation
import Testing
@testable import ProdCore

/// ARCHITECTURE.md §6.1, paper only: nothing in the code can reach an account or send an order.
/// The live feed requests allow-listed public market-data paths only, and no source file names
/// an API key, a request signature or any of Binance's private endpoints.
struct PaperOnlyTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources").path

    /// What any code that could trade or read an account must contain (case-insensitive).
    static let forbidden = [
        "x-mbx-apikey", "apikey", "api_key", "secretkey", "secret_key", "signature", "hmac", "listenkey",
        "/api/v3/order", "/api/v3/account", "/api/v3/myTrades", "/fapi/v1/order", "/fapi/v2/account", "/fapi/v1/leverage",
        "/sapi/", "/papi/", "/dapi/", "/wapi/", "userDataStream", "newOrderRespType",
    ]

    @Test func noSourceFileCanSignARequestOrReachAnAccount() throws {
        let files = FileManager.default.enumerator(atPath: Self.sources)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") || $0.hasSuffix(".c") || $0.hasSuffix(".h") } ?? []
        #expect(files.count > 100, "the scan sees the sources")
        var found: [String] = []
        for file in files {
            let text = try String(contentsOfFile: Self.sources + "/" + file, encoding: .utf8).lowercased()
            for word in Self.forbidden where text.contains(word.lowercased()) { found.append("\(file): \(word)") }
        }
        #expect(found.isEmpty, "\(found)")
    }

    @Test func theLiveClientRequestsPublicMarketDataPathsOnly() {
        // Binance's "Market Data Endpoints" sections: no key, no signature (security type NONE).
        let publicMarketData: Set<String> = [
            "/api/v3/time", "/api/v3/klines", "/api/v3/exchangeInfo", "/fapi/v1/time", "/fapi/v1/klines", "/fapi/v1/exchangeInfo",
            "/fapi/v1/fundingRate", "/fapi/v1/premiumIndex",
        ]
        #expect(BinanceREST.allowedPaths.isSubset(of: publicMarketData))
    }

    @Test(arguments: [
        ("https://api.binance.com", false, true), ("wss://stream.binance.com:9443", true, true), ("http://127.0.0.1:8080", false, true),
        ("ws://127.0.0.5:1", true, true), ("http://api.binance.com", false, false), ("ws://stream.binance.com", true, false),
        ("http://localhost:80", false, false), ("https://u:p@api.binance.com", false, false), ("https://api.binance.com?x=1", false, false),
        ("ftp://127.0.0.1", false, false), ("api.binance.com", false, false), ("http://127.0.0.1.evil.com", false, false),
    ])
    func plainTextIsForLoopbackOnly(url: String, webSocket: Bool, allowed: Bool) {
        #expect((LiveEndpoints.problem(with: url, webSocket: webSocket) == nil) == allowed, "\(url)")
    }
}
