/// What stays fixed for a whole run: the universe, the money, the broker's simulation and the
/// human-owned limits. What may change during the run is in `Plan`.
public struct EngineConfig: Sendable {
    /// The instruments the run may trade; inputs address them by index in this list.
    public var instruments: [Instrument]
    /// Timeframe of the feed's bars; a longer step between two bars of an instrument is a gap.
    public var baseTimeframe: Timeframe
    public var initialCash: Money
    public var broker: BrokerConfig
    public var governance: GovernanceLimits
    /// Pause entries after a gap or a bad bar. Off only to compare with engines that have no such gate.
    public var dataQualityGate: Bool
    public var catalog: StrategyCatalog
    /// The warm-up ends here: before it, indicators and strategies see the bars but no entry is
    /// opened and no equity point is measured, so the run's figures start here (`.min`: no warm-up).
    public var tradingStart: Int64 = .min

    public init(
        instruments: [Instrument], baseTimeframe: Timeframe = .m1, initialCash: Money, broker: BrokerConfig,
        governance: GovernanceLimits, dataQualityGate: Bool = true, catalog: StrategyCatalog = .standard
    ) {
        self.instruments = instruments
        self.baseTimeframe = baseTimeframe
        self.initialCash = initialCash
        self.broker = broker
        self.governance = governance
        self.dataQualityGate = dataQualityGate
        self.catalog = catalog
    }

    public func index(of id: InstrumentID) -> Int? {
        instruments.firstIndex { $0.id == id }
    }
}
