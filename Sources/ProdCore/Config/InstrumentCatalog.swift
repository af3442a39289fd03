/// The instruments of `configs/symbols.yaml`, looked up by symbol and market.
public struct InstrumentCatalog: Sendable {
    public let instruments: [Instrument]

    public init(instruments: [Instrument]) {
        self.instruments = instruments.sorted { $0.id < $1.id }
    }

    public func instrument(_ symbol: String, _ market: Market) -> Instrument? {
        instruments.first { $0.symbol == symbol && $0.market == market }
    }

    /// Loads and validates a symbols file.
    public static func load(from path: String) throws(ConfigError) -> InstrumentCatalog {
        let file = try YAMLConfigLoader.load(SymbolsFile.self, from: path)
        return try file.catalog(path: path)
    }

    /// Parses symbols YAML text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> InstrumentCatalog {
        try YAMLConfigLoader.decode(SymbolsFile.self, from: text, file: file).catalog(path: file)
    }
}

/// The on-disk shape of `configs/symbols.yaml`. Decimals are strings so no value passes through a float.
private struct SymbolsFile: Decodable {
    struct Entry: Decodable {
        let symbol: String
        let market: String
        let base: String
        let quote: String
        let tick_size: String
        let step_size: String
        let min_notional: String
        let maker_fee: String
        let taker_fee: String
    }

    let instruments: [Entry]

    func catalog(path: String) throws(ConfigError) -> InstrumentCatalog {
        var seen = Set<InstrumentID>()
        var result: [Instrument] = []
        for (index, entry) in instruments.enumerated() {
            let at = "instruments[\(index)]"
            func invalid(_ field: String, _ reason: String) -> ConfigError {
                ConfigError(file: path, field: "\(at).\(field)", reason: reason)
            }
            guard let market = Market(rawValue: entry.market) else {
                throw invalid("market", "unknown market '\(entry.market)' (expected spot or usdm)")
            }
            guard !entry.symbol.isEmpty, entry.symbol.allSatisfy({ $0.isUppercase || $0.isNumber }) else {
                throw invalid("symbol", "symbol must be upper-case letters and digits, got '\(entry.symbol)'")
            }
            func positive<T: FixedPoint8>(_ text: String, _ field: String, _: T.Type) throws(ConfigError) -> T {
                guard let value = T(text), value.isPositive else {
                    throw invalid(field, "expected a positive decimal, got '\(text)'")
                }
                return value
            }
            func fee(_ text: String, _ field: String) throws(ConfigError) -> Rate {
                guard let value = Rate(text), value.raw >= 0, value.raw < Rate(raw: FixedPointScale.factor / 10).raw else {
                    throw invalid(field, "expected a fee rate in [0, 0.1), got '\(text)'")
                }
                return value
            }
            let id = InstrumentID(symbol: entry.symbol, market: market)
            guard seen.insert(id).inserted else { throw invalid("symbol", "\(id) is listed twice") }
            result.append(Instrument(
                id: id, baseAsset: entry.base, quoteAsset: entry.quote,
                tickSize: try positive(entry.tick_size, "tick_size", Price.self),
                stepSize: try positive(entry.step_size, "step_size", Quantity.self),
                minNotional: try positive(entry.min_notional, "min_notional", Money.self),
                makerFee: try fee(entry.maker_fee, "maker_fee"),
                takerFee: try fee(entry.taker_fee, "taker_fee")))
        }
        return InstrumentCatalog(instruments: result)
    }
}
