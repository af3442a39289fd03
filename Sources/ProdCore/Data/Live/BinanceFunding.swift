import Foundation

/// Binance's USDT-M funding payloads read exactly: the funding-rate history of `/fapi/v1/fundingRate`
/// (`[{"symbol", "fundingRate", "fundingTime", "markPrice"}]`) and the mark price and next funding
/// time of `/fapi/v1/premiumIndex` (`{"symbol", "markPrice", "indexPrice", "lastFundingRate",
/// "nextFundingTime", "time", …}`).
public enum BinanceFunding {
    /// A published rate whose magnitude is 10 % or more is not Binance's (the cap is 3–4 %).
    static let largestRate = FixedPointScale.factor / 10

    /// The rates of a `fundingRate` response for `symbol`, funding times floored to the minute
    /// (Binance stamps a settlement a few milliseconds after the funding time).
    public static func rates(_ body: Data, symbol: String) throws(LiveFeedError) -> [FundingRateEvent] {
        let records: [Record]
        do {
            records = try JSONDecoder().decode([Record].self, from: body)
        } catch {
            throw LiveFeedError.malformed("fundingRate response: \(LiveFeedError.describe(error))")
        }
        var events: [FundingRateEvent] = []
        for (index, record) in records.enumerated() where record.symbol == symbol {
            guard let rate = Rate(record.fundingRate), abs(rate.raw) < largestRate else {
                throw LiveFeedError.malformed("fundingRate response: [\(index)].fundingRate: '\(record.fundingRate.prefix(40))' is not a rate below 10 % with at most 8 decimals")
            }
            guard record.fundingTime > 0 else { throw LiveFeedError.malformed("fundingRate response: [\(index)].fundingTime: \(record.fundingTime)") }
            events.append(FundingRateEvent(time: record.fundingTime - record.fundingTime % 60_000, rate: rate))
        }
        return events
    }

    /// What `premiumIndex` says about a perpetual's funding.
    public struct Premium: Sendable, Equatable {
        public let symbol: String
        public let markPrice: Price
        public let lastFundingRate: Rate
        public let nextFundingTime: Int64
    }

    public static func premium(_ body: Data) throws(LiveFeedError) -> Premium {
        let index: PremiumIndex
        do {
            index = try JSONDecoder().decode(PremiumIndex.self, from: body)
        } catch {
            throw LiveFeedError.malformed("premiumIndex response: \(LiveFeedError.describe(error))")
        }
        guard let rate = Rate(index.lastFundingRate), abs(rate.raw) < largestRate else {
            throw LiveFeedError.malformed("premiumIndex response: lastFundingRate: '\(index.lastFundingRate.prefix(40))' is not a rate below 10 %")
        }
        return Premium(
            symbol: index.symbol, markPrice: try BinanceKline.decimal(index.markPrice, "markPrice"), lastFundingRate: rate,
            nextFundingTime: index.nextFundingTime)
    }

    private struct Record: Decodable {
        let symbol: String
        let fundingRate: String
        let fundingTime: Int64
    }

    private struct PremiumIndex: Decodable {
        let symbol: String
        let markPrice: String
        let lastFundingRate: String
        let nextFundingTime: Int64
    }
}
