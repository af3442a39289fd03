import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Binance's public REST market data (server time, 1m klines, exchange filters, USDT-M funding),
/// for spot and USDT-M, through
/// one `RequestWeightBudget`. Only the allow-listed public paths can be requested; there is no
/// key, no signing and no order endpoint (ARCHITECTURE.md §6.1). Redirects are not followed.
public final class BinanceREST: Sendable {
    /// The only paths this client requests.
    public static let allowedPaths: Set<String> = [
        "/api/v3/time", "/api/v3/klines", "/api/v3/exchangeInfo", "/fapi/v1/time", "/fapi/v1/klines", "/fapi/v1/exchangeInfo",
        "/fapi/v1/fundingRate", "/fapi/v1/premiumIndex",
    ]
    /// Klines per request: Binance's maximum.
    public static let pageSize = 1_000
    /// Funding records per request: Binance's maximum.
    public static let fundingPageSize = 1_000

    let endpoints: LiveEndpoints
    let budget: RequestWeightBudget
    private let client: HTTPClient
    private let timeout: TimeAmount

    public init(endpoints: LiveEndpoints, budget: RequestWeightBudget, timeoutSeconds: Int64 = 10) {
        self.endpoints = endpoints
        self.budget = budget
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        timeout = .seconds(timeoutSeconds)
    }

    public func shutdown() async { try? await client.shutdown() }

    /// The exchange's clock (ms).
    public func serverTime(_ market: Market) async throws -> Int64 {
        let path = market == .spot ? "/api/v3/time" : "/fapi/v1/time"
        let body = try await get(market, path, query: [], weight: 1)
        struct ServerTime: Decodable { let serverTime: Int64 }
        do {
            return try JSONDecoder().decode(ServerTime.self, from: body).serverTime
        } catch {
            throw LiveFeedError.malformed("\(path): \(LiveFeedError.describe(error))")
        }
    }

    /// The exchange filters of `symbols` (spot asks for those; USDT-M answers for every symbol).
    public func exchangeFilters(_ market: Market, symbols: [String]) async throws -> [String: BinanceExchangeInfo.Filters] {
        let body: Data
        if market == .spot {
            let list = "[" + symbols.map { "\"\($0)\"" }.joined(separator: ",") + "]"
            body = try await get(market, "/api/v3/exchangeInfo", query: [("symbols", list)], weight: 20)
        } else {
            body = try await get(market, "/fapi/v1/exchangeInfo", query: [], weight: 1)
        }
        return try BinanceExchangeInfo.filters(body)
    }

    /// The closed 1m klines with open times in `from…through`, all pages; klines not closed at
    /// `closedBefore` (the exchange's time) are left out.
    public func klines(_ market: Market, symbol: String, from: Int64, through: Int64, closedBefore: Int64) async throws -> [Bar] {
        let path = market == .spot ? "/api/v3/klines" : "/fapi/v1/klines"
        var bars: [Bar] = []
        var start = from
        while start <= through {
            let query = [("symbol", symbol), ("interval", "1m"), ("startTime", String(start)), ("endTime", String(through)),
                         ("limit", String(Self.pageSize))]
            let rows = try BinanceKline.rows(try await get(market, path, query: query, weight: market == .spot ? 2 : 5))
            for row in rows where row.bar.openTime >= start && row.bar.openTime <= through && row.closeTime < closedBefore {
                guard bars.last.map({ $0.openTime < row.bar.openTime }) ?? true else {
                    throw LiveFeedError.malformed("\(path): klines out of order at \(row.bar.openTime)")
                }
                bars.append(row.bar)
            }
            guard rows.count == Self.pageSize, let last = rows.last else { break }
            start = last.bar.openTime + 60_000
        }
        return bars
    }

    /// The published funding rates of a USDT-M `symbol` with funding times in `from…through`.
    public func fundingRates(symbol: String, from: Int64, through: Int64) async throws -> [FundingRateEvent] {
        let query = [("symbol", symbol), ("startTime", String(from)), ("endTime", String(through)), ("limit", String(Self.fundingPageSize))]
        return try BinanceFunding.rates(try await get(.usdm, "/fapi/v1/fundingRate", query: query, weight: 1), symbol: symbol)
    }

    /// A USDT-M `symbol`'s mark price, latest funding rate and next funding time.
    public func premiumIndex(symbol: String) async throws -> BinanceFunding.Premium {
        try BinanceFunding.premium(try await get(.usdm, "/fapi/v1/premiumIndex", query: [("symbol", symbol)], weight: 1))
    }

    private func get(_ market: Market, _ path: String, query: [(String, String)], weight: Int) async throws -> Data {
        guard Self.allowedPaths.contains(path) else { throw LiveFeedError.refusedEndpoint(path) }
        var components = URLComponents(string: endpoints.endpoints(of: market).rest + path)
        if !query.isEmpty { components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components?.url?.absoluteString else { throw LiveFeedError.refusedEndpoint("\(path): bad base URL") }
        var attempt = 0
        while true {
            attempt += 1
            let wait = budget.reserve(weight, now: LiveFeed.wallMilliseconds())
            if wait > 0 {
                try await Task.sleep(for: .milliseconds(wait))
                continue
            }
            do {
                let response = try await client.execute(HTTPClientRequest(url: url), timeout: timeout)
                let body = try await response.body.collect(upTo: 8 << 20)
                if let used = response.headers.first(name: "X-MBX-USED-WEIGHT-1M").flatMap(Int.init) {
                    budget.exchangeReports(used: used, now: LiveFeed.wallMilliseconds())
                }
                let status = Int(response.status.code)
                if status == 200 { return Data(body.readableBytesView) }
                let detail = String(buffer: body).prefix(200)
                if status == 429 || status == 418 {
                    let seconds = response.headers.first(name: "Retry-After").flatMap(Int64.init) ?? 60
                    budget.refused(for: seconds, banned: status == 418, now: LiveFeed.wallMilliseconds())
                    continue
                }
                guard status >= 500, attempt < 4 else { throw LiveFeedError.http(status: status, path: path, detail: String(detail)) }
            } catch let error as LiveFeedError {
                throw error
            } catch {
                guard attempt < 4 else { throw LiveFeedError.unreachable("\(path): \(error)") }
            }
            // 5xx or a transport error: back off 0.25, 0.5, 1 s with jitter.
            try await Backoff.sleep(milliseconds: 250 << (attempt - 1))
        }
    }
}
