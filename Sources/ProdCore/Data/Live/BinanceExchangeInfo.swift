import Foundation

/// The exchange filters of `/api/v3/exchangeInfo` and `/fapi/v1/exchangeInfo` that the paper
/// broker enforces (PRICE_FILTER.tickSize, LOT_SIZE.stepSize, NOTIONAL.minNotional on spot,
/// MIN_NOTIONAL.notional on USDT-M), compared with `configs/symbols.yaml`: a session whose
/// filters differ from the exchange's fills orders the exchange would refuse, or refuses ones it
/// would fill.
public enum BinanceExchangeInfo {
    public struct Filters: Sendable, Equatable {
        public var tickSize: Price?
        public var stepSize: Quantity?
        public var minNotional: Money?

        public init(tickSize: Price?, stepSize: Quantity?, minNotional: Money?) {
            self.tickSize = tickSize
            self.stepSize = stepSize
            self.minNotional = minNotional
        }
    }

    /// The filters of each symbol in a response body.
    public static func filters(_ body: Data) throws(LiveFeedError) -> [String: Filters] {
        let info: Response
        do {
            info = try JSONDecoder().decode(Response.self, from: body)
        } catch {
            throw LiveFeedError.malformed("exchangeInfo: \(LiveFeedError.describe(error))")
        }
        var result: [String: Filters] = [:]
        for symbol in info.symbols {
            var filters = Filters(tickSize: nil, stepSize: nil, minNotional: nil)
            for filter in symbol.filters {
                switch filter.filterType {
                case "PRICE_FILTER":
                    if let text = filter.tickSize { filters.tickSize = try BinanceKline.decimal(text, "\(symbol.symbol) tickSize") }
                case "LOT_SIZE":
                    if let text = filter.stepSize { filters.stepSize = try BinanceKline.decimal(text, "\(symbol.symbol) stepSize") }
                case "NOTIONAL", "MIN_NOTIONAL":
                    if let text = filter.minNotional ?? filter.notional { filters.minNotional = try BinanceKline.decimal(text, "\(symbol.symbol) minNotional") }
                default: break
                }
            }
            result[symbol.symbol] = filters
        }
        return result
    }

    /// How `instrument`'s configured filters differ from the exchange's, in words (empty: they agree).
    public static func differences(_ instrument: Instrument, exchange: Filters?) -> [String] {
        guard let exchange else { return ["\(instrument.id): not listed by the exchange"] }
        var found: [String] = []
        func compare(_ name: String, _ configured: String, _ listed: String?) {
            if let listed, listed != configured { found.append("\(instrument.id) \(name): \(listed) on the exchange, \(configured) in the symbols file") }
        }
        compare("tick size", "\(instrument.tickSize)", exchange.tickSize.map { "\($0)" })
        compare("step size", "\(instrument.stepSize)", exchange.stepSize.map { "\($0)" })
        compare("min notional", "\(instrument.minNotional)", exchange.minNotional.map { "\($0)" })
        return found
    }

    private struct Response: Decodable {
        let symbols: [Symbol]
    }

    private struct Symbol: Decodable {
        let symbol: String
        let filters: [Filter]
    }

    private struct Filter: Decodable {
        let filterType: String
        let tickSize: String?
        let stepSize: String?
        let minNotional: String?
        let notional: String?
    }
}
