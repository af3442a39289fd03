import Testing

@testable import ProdCore

@Suite struct ConfigTests {
    @Test func bundledSymbolsFileHasBinanceFilters() throws {
        let catalog = try InstrumentCatalog.load(from: TestSupport.path("configs/symbols.yaml"))
        #expect(catalog.instruments.count == 4)
        let spot = try #require(catalog.instrument("BTCUSDT", .spot))
        #expect(spot.tickSize == Price("0.01"))
        #expect(spot.stepSize == Quantity("0.00001"))
        #expect(spot.takerFee == Rate("0.001"))
        let perpetual = try #require(catalog.instrument("BTCUSDT", .usdm))
        #expect(perpetual.tickSize == Price("0.1"))
        #expect(perpetual.minNotional == Money("100"))
        #expect(catalog.instrument("SOLUSDT", .spot) == nil)
    }

    @Test func yamlSyntaxErrorNamesLineAndColumn() {
        let text = "instruments:\n  - symbol: BTCUSDT\n    market: [spot\n"
        #expect {
            try InstrumentCatalog.parse(text, file: "symbols.yaml")
        } throws: { error in
            let config = error as! ConfigError
            return config.file == "symbols.yaml" && config.line != nil && config.description.hasPrefix("symbols.yaml:")
        }
    }

    static let oneInstrument = """
        instruments:
          - symbol: BTCUSDT
            market: spot
            base: BTC
            quote: USDT
            tick_size: "0.01"
            step_size: "0.00001"
            min_notional: "5"
            maker_fee: "0.001"
            taker_fee: "0.001"
        """

    @Test func missingFieldIsNamedWithItsPathAndLine() {
        let text = Self.oneInstrument.replacingOccurrences(of: "    tick_size: \"0.01\"\n", with: "")
        #expect(throws: ConfigError(file: "s.yaml", line: 2, column: 5, field: "instruments[0].tick_size",
                                    reason: "required field is missing")) {
            try InstrumentCatalog.parse(text, file: "s.yaml")
        }
    }

    @Test(arguments: [
        ("tick_size: \"0.01\"", "tick_size: \"-0.01\"", "instruments[0].tick_size"),
        ("tick_size: \"0.01\"", "tick_size: \"0.000000001\"", "instruments[0].tick_size"),
        ("market: spot", "market: margin", "instruments[0].market"),
        ("taker_fee: \"0.001\"", "taker_fee: \"0.5\"", "instruments[0].taker_fee"),
    ])
    func invalidValuesAreRejectedByField(original: String, replacement: String, field: String) {
        let text = Self.oneInstrument.replacingOccurrences(of: original, with: replacement)
        #expect {
            try InstrumentCatalog.parse(text, file: "s.yaml")
        } throws: { error in
            (error as? ConfigError)?.field == field
        }
    }
}
