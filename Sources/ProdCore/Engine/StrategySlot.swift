/// One plan entry at work: its bars, position, working order, protective exit and risk state (the
/// strategy instance itself lives beside it in `TradingEngine.strategies`: an existential inside
/// this struct would make every read of a slot copy it). A slot whose entry left the plan drains:
/// no new entries, its exits keep working until it is flat.
struct StrategySlot: Sendable, Codable {
    let entry: PlanEntry
    let label: String
    let instrument: Int
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

    init(entry: PlanEntry, instrument: Int, strategy: any Strategy, plan: Plan, baseTimeframe: Timeframe) {
        self.entry = entry
        label = entry.description
        self.instrument = instrument
        warmUpBars = strategy.warmUpBars
        aggregator = entry.timeframe == baseTimeframe ? nil : BarAggregator(timeframe: entry.timeframe)
        risk = RiskState(rules: plan.risk)
        trailingATR = plan.exits.trailing.map { ATR(period: $0.period) }
    }

    var isFlat: Bool { position.raw == 0 }

    /// After the strategy saw its decision bar: the ATRs and the open position's exit state advance.
    /// With fills at the close, the entry bar's range happened before the entry: it must not move the exit.
    mutating func decisionBarClosed(_ bar: Bar, fillsAtClose: Bool) {
        let (high, low, close) = (bar.high.doubleValue, bar.low.doubleValue, bar.close.doubleValue)
        trailingATR?.update(high: high, low: low, close: close)
        sizingATR.update(high: high, low: low, close: close)
        if !(fillsAtClose && roundTrip?.entryTime == bar.openTime) {
            protective?.barClosed(bar, atr: trailingATR?.value ?? .nan)
        }
        decisionBars += 1
    }
    var isIdle: Bool { isFlat && working == nil }
}
