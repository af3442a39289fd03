/// One plan entry at work: its strategy instance, bars, position, working order, protective exit
/// and risk state. A slot whose entry left the plan drains: no new entries, its exits keep working
/// until it is flat.
struct StrategySlot {
    let entry: PlanEntry
    let label: String
    let instrument: Int
    var strategy: any Strategy
    let warmUpBars: Int
    /// Builds the entry's timeframe from the feed's bars; `nil` when they are the same.
    var aggregator: BarAggregator?
    /// Decision bars completed.
    var decisionBars = 0
    var entriesPausedUntilBar = 0
    var isDraining = false
    var position = Quantity.zero
    var working: WorkingOrder?
    var protective: PositionExitState?
    var roundTrip: RoundTrip?
    /// ATR of the decision timeframe for the trailing stop (its own period) and for ATR sizing.
    var trailingATR: ATR?
    var sizingATR = ATR(period: Sizing.atrPeriod)
    var risk: RiskState

    init(entry: PlanEntry, instrument: Int, type: any Strategy.Type, plan: Plan, baseTimeframe: Timeframe) {
        self.entry = entry
        label = entry.description
        self.instrument = instrument
        let strategy = type.init(parameters: entry.strategy.parameters)
        self.strategy = strategy
        warmUpBars = strategy.warmUpBars
        aggregator = entry.timeframe == baseTimeframe ? nil : BarAggregator(timeframe: entry.timeframe)
        risk = RiskState(rules: plan.risk)
        trailingATR = plan.exits.trailing.map { ATR(period: $0.period) }
    }

    var isFlat: Bool { position.raw == 0 }
    var isIdle: Bool { isFlat && working == nil }
}
