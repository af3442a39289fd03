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

/// A key no setting reads is an error naming its file, line and the key it most likely meant:
/// a typo must never silently leave a setting at its default (`metric_port` would turn the
/// metrics off; `kill_switch: true` in governance.yaml would do nothing).
@Suite struct UnknownConfigKeyTests {
    static func text(_ file: String) throws -> String { try String(contentsOfFile: TestSupport.path(file), encoding: .utf8) }

    @Test func aTypoInTheRunnerConfigNamesTheLineAndTheKeyItMeant() throws {
        let text = try Self.text("configs/runner.yaml").replacingOccurrences(of: "\nmetrics_port:", with: "\nmetric_port:")
        let error = #expect(throws: ConfigError.self) { try RunnerConfig.parse(text, file: "runner.yaml") }
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("metric_port:") }.map { $0 + 1 }
        #expect(error?.line == line && error?.field == "metric_port")
        #expect(error?.description.contains("did you mean metrics_port?") == true, "\(String(describing: error))")
    }

    @Test func aKillSwitchKeyInGovernanceIsRefused() throws {
        let text = try Self.text("configs/governance.yaml") + "kill_switch: true\n"
        let error = #expect(throws: ConfigError.self) { try GovernanceLimits.parse(text, file: "governance.yaml") }
        #expect(error?.field == "kill_switch" && error?.line != nil)
        #expect(error?.reason.contains("known keys here: max_daily_loss_pct") == true)
    }

    @Test func anUnknownKeyInsideAListEntryNamesTheEntry() throws {
        let text = try Self.text("configs/symbols.yaml").replacingOccurrences(of: "taker_fee:", with: "takerfee:")
        let error = #expect(throws: ConfigError.self) { try InstrumentCatalog.parse(text, file: "symbols.yaml") }
        // The required taker_fee is missing as well: the error names one of the two, on its line.
        #expect(error?.field?.hasPrefix("instruments[0]") == true && error?.line != nil, "\(String(describing: error))")
    }

    @Test func theShippedFilesHaveNoUnknownKeys() throws {
        _ = try RunnerConfig.load(from: TestSupport.path("configs/runner.yaml"))
        _ = try GovernanceLimits.load(from: TestSupport.path("configs/governance.yaml"))
        _ = try InstrumentCatalog.load(from: TestSupport.path("configs/symbols.yaml"))
    }

    @Test func anExtraKeyInAListEntryIsNamedWithItsIndex() throws {
        let text = try Self.text("configs/symbols.yaml").replacingOccurrences(of: "taker_fee:", with: "tick: 1\n    taker_fee:")
        let error = #expect(throws: ConfigError.self) { try InstrumentCatalog.parse(text, file: "symbols.yaml") }
        #expect(error?.field == "instruments[0].tick", "\(String(describing: error))")
    }
}
