import ProdCore

/// The validated inputs of `brain backtest`: every flag checked once, with a message naming it.
struct BacktestSettings {
    let strategy: StrategySpec
    let config: BacktestConfig
    let period: Range<Int64>

    init(command: BacktestCommand) throws {
        guard command.strategy.count == 1 else {
            throw CLIError(command.strategy.isEmpty
                ? "give a strategy, for example --strategy ema_cross:fast=20,slow=50"
                : "one --strategy per backtest is supported so far")
        }
        strategy = try StrategySpec(parsing: command.strategy[0])
        let market = command.source.market ?? .spot
        guard var instrument = try InstrumentCatalog.load(from: command.symbols).instrument(command.symbol, market) else {
            throw CLIError("\(command.symbol) \(market) is not in \(command.symbols)")
        }
        if let text = command.stepSize {
            guard let step = Quantity(text), step.isPositive else { throw CLIError("--step-size: expected a positive decimal, got '\(text)'") }
            instrument = Instrument(
                id: instrument.id, baseAsset: instrument.baseAsset, quoteAsset: instrument.quoteAsset,
                tickSize: instrument.tickSize, stepSize: step, minNotional: instrument.minNotional,
                makerFee: instrument.makerFee, takerFee: instrument.takerFee)
        }
        var feeRate: Rate?
        if let text = command.feeBasisPoints {
            guard let basisPoints = Rate(text), basisPoints.raw >= 0, basisPoints.raw % 10_000 == 0,
                  basisPoints.raw < 1000 * FixedPointScale.factor
            else {
                throw CLIError("--fee-bps: expected basis points in [0, 1000) with at most 4 decimals, got '\(text)'")
            }
            feeRate = Rate(raw: basisPoints.raw / 10_000)
        }
        guard (0...1_000_000).contains(command.cooldownBars) else {
            throw CLIError("--cooldown-bars: expected 0...1000000, got \(command.cooldownBars)")
        }
        if let cap = command.maxEntriesPerHour, !(1...10_000).contains(cap) {
            throw CLIError("--max-entries-per-hour: expected 1...10000, got \(cap)")
        }
        guard (0...1000).contains(command.slippageBasisPoints) else {
            throw CLIError("--slippage-bps: expected 0...1000, got \(command.slippageBasisPoints)")
        }
        guard let cash = Money(command.cash), cash.isPositive else {
            throw CLIError("--cash: expected a positive decimal, got '\(command.cash)'")
        }
        config = BacktestConfig(
            instrument: instrument,
            timeframe: command.timeframe ?? StrategyCatalog.standard.strategy(named: strategy.name)?.timeframe ?? .m1,
            initialCash: cash,
            broker: BrokerConfig(fillTiming: command.fill, feeRate: feeRate, slippageBasisPoints: command.slippageBasisPoints),
            sizing: try Sizing(parsing: command.sizing),
            governance: try GovernanceLimits.load(from: command.governance),
            exits: ExitRules(
                stopLoss: try Self.fraction(command.stopLossPercent, flag: "--stop-loss-pct"),
                takeProfit: try Self.fraction(command.takeProfitPercent, flag: "--take-profit-pct"),
                breakEvenTrigger: try Self.fraction(command.breakEvenPercent, flag: "--break-even-pct"),
                trailing: try Self.trailing(command.trailATR, after: command.trailAfterPercent)),
            dataQualityGate: !command.noDataGate,
            risk: RiskRules(cooldownBarsAfterStop: command.cooldownBars, maxEntriesPerHour: command.maxEntriesPerHour))
        period = try Self.period(from: command.from, to: command.to)
    }

    private static func trailing(_ text: String?, after: String?) throws -> TrailingStop? {
        guard let text else {
            if after != nil { throw CLIError("--trail-after-pct needs --trail-atr") }
            return nil
        }
        let parts = text.split(separator: ":").map(String.init)
        guard parts.count == 2, let period = Int(parts[0]), (2...1000).contains(period),
              let multiple = Double(parts[1]), multiple.isFinite, multiple > 0, multiple <= 100
        else { throw CLIError("--trail-atr: expected PERIOD:MULTIPLE such as 14:3, got '\(text)'") }
        return TrailingStop(period: period, multiple: multiple, armAfter: try fraction(after, flag: "--trail-after-pct"))
    }

    /// A percentage flag as a fraction; `nil` when the flag is absent.
    private static func fraction(_ text: String?, flag: String) throws -> Rate? {
        guard let text else { return nil }
        guard let percent = Rate(text), percent.isPositive, percent.raw < 100 * FixedPointScale.factor, percent.raw % 100 == 0 else {
            throw CLIError("\(flag): expected a percentage in (0, 100) with at most 6 decimals, got '\(text)'")
        }
        return Rate(raw: percent.raw / 100)
    }

    private static func period(from: String?, to: String?) throws -> Range<Int64> {
        let start = try from.map { text -> Int64 in
            guard let day = UTCTimestamp.startOfDay(text) else { throw CLIError("--from: expected YYYY-MM-DD, got '\(text)'") }
            return day
        } ?? Int64.min
        let end = try to.map { text -> Int64 in
            guard let day = UTCTimestamp.startOfDay(text) else { throw CLIError("--to: expected YYYY-MM-DD, got '\(text)'") }
            return day + 86_400_000
        } ?? Int64.max
        guard start < end else { throw CLIError("--from must be on or before --to") }
        return start..<end
    }
}
