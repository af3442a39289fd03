import ProdCore

/// BTCUSDT as configs/symbols.yaml has it, spot and USDT-M, and loose governance limits.
public enum BenchmarkInstruments {
    public static let spot = Instrument(
        id: InstrumentID(symbol: "BTCUSDT", market: .spot), baseAsset: "BTC", quoteAsset: "USDT",
        tickSize: Price("0.01")!, stepSize: Quantity("0.00001")!, minNotional: Money("5")!,
        makerFee: Rate("0.001")!, takerFee: Rate("0.001")!)

    public static let perpetual = Instrument(
        id: InstrumentID(symbol: "BTCUSDT", market: .usdm), baseAsset: "BTC", quoteAsset: "USDT",
        tickSize: Price("0.1")!, stepSize: Quantity("0.001")!, minNotional: Money("5")!,
        makerFee: Rate("0.0002")!, takerFee: Rate("0.0004")!)

    public static let limits = GovernanceLimits(
        maxDailyLoss: Rate("0.03")!, maxGrossExposure: Rate("1")!, maxPositionNotional: Money("1000000")!)
}
