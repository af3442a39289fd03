import ProdCore

/// The validated inputs of `brain backtest`: every flag checked once, with a message naming it.
struct BacktestSettings {
    let config: EngineConfig
    let plan: Plan
    let period: Range<Int64>
    /// `--kill-switch` controls and `--plans` plans, at their times.
    let scheduled: [EngineInput]
    /// Funding-rate files; when empty, USDT-M funding is estimated from the spot premium.
    let fundingFiles: [String]
    let applyFunding: Bool

    init(command: BacktestCommand) throws {
        guard !command.strategy.isEmpty || command.plans != nil else {
            throw CLIError("give a strategy, for example --strategy ema_cross:fast=20,slow=50, or a --plans file")
        }
        let specs = try command.strategy.map { try StrategySpec(parsing: $0) }
        let catalog = try InstrumentCatalog.load(from: command.symbols)
        let symbols = command.symbol.split(separator: ",").map(String.init)
        guard !symbols.isEmpty else { throw CLIError("--symbol: give at least one symbol") }

        var instruments: [Instrument] = []
        var entries: [PlanEntry] = []
        if specs.isEmpty {
            // A replay of a runner's plans: the universe is the symbols, nothing enabled until the first plan.
            let market = command.source.market ?? .spot
            for symbol in symbols {
                guard let instrument = catalog.instrument(symbol, market) else { throw CLIError("\(symbol) \(market) is not in \(command.symbols)") }
                instruments.append(instrument)
            }
        }
        for symbol in symbols {
            for spec in specs {
                let type = StrategyCatalog.standard.strategy(named: spec.name)!
                let market = command.source.market ?? (type.markets.contains(.spot) ? .spot : .usdm)
                guard var instrument = catalog.instrument(symbol, market) else {
                    throw CLIError("\(symbol) \(market) is not in \(command.symbols)")
                }
                if let text = command.stepSize { instrument = try Self.withStep(text, instrument) }
                if !instruments.contains(where: { $0.id == instrument.id }) { instruments.append(instrument) }
                let timeframe = command.timeframe ?? type.timeframe ?? .m1
                entries.append(PlanEntry(strategy: spec, instrument: instrument.id, timeframe: timeframe))
            }
        }
        let base = entries.map(\.timeframe).min() ?? command.timeframe ?? .m1
        let cash: Money = try Self.positive(command.cash, flag: "--cash")!
        var config = EngineConfig(
            instruments: instruments, baseTimeframe: base, initialCash: cash,
            broker: BrokerConfig(
                fillTiming: command.fill, feeRate: try Self.basisPoints(command.feeBasisPoints, flag: "--fee-bps"),
                slippage: try Self.slippage(command)),
            governance: try GovernanceLimits.load(from: command.governance), dataQualityGate: !command.noDataGate)
        plan = specs.isEmpty ? .idle : Plan(
            source: "cli", entries: entries, sizing: try Sizing(parsing: command.sizing),
            exits: ExitRules(
                stopLoss: try Self.fraction(command.stopLossPercent, flag: "--stop-loss-pct"),
                takeProfit: try Self.fraction(command.takeProfitPercent, flag: "--take-profit-pct"),
                breakEvenTrigger: try Self.fraction(command.breakEvenPercent, flag: "--break-even-pct"),
                trailing: try Self.trailing(command.trailATR, after: command.trailAfterPercent)),
            risk: try Self.risk(command),
            execution: ExecutionPolicy(
                entryOrder: try Self.entryOrder(command.order),
                maxVolumeShare: command.maxVolumeShare == "none" ? nil : try Self.fraction(command.maxVolumeShare, flag: "--max-volume-share", allowHundred: true)),
            governor: GovernorOverrides(
                maxDailyLoss: try Self.fraction(command.maxDailyLossPercent, flag: "--max-daily-loss-pct"),
                maxLeverage: try Self.positive(command.maxLeverage, flag: "--max-leverage")))
        guard (0...365).contains(command.warmUpDays) else { throw CLIError("--warm-up-days: expected 0…365, got \(command.warmUpDays)") }
        let warmUp = ReplayData.warmUp(try ReplayData.period(from: command.from, to: command.to), days: command.warmUpDays)
        period = warmUp.read
        config.tradingStart = warmUp.tradingStart
        self.config = config
        scheduled = try command.killSwitch.map(Self.killSwitch) + (command.plans.map(PlanFile.read) ?? [])
        fundingFiles = command.funding
        applyFunding = !command.noFunding
    }

    private static func withStep(_ text: String, _ instrument: Instrument) throws -> Instrument {
        let step: Quantity = try positive(text, flag: "--step-size")!
        return Instrument(
            id: instrument.id, baseAsset: instrument.baseAsset, quoteAsset: instrument.quoteAsset,
            tickSize: instrument.tickSize, stepSize: step, minNotional: instrument.minNotional,
            makerFee: instrument.makerFee, takerFee: instrument.takerFee)
    }

    /// A positive decimal flag; `nil` when the flag is absent.
    private static func positive<Value: FixedPoint8>(_ text: String?, flag: String) throws -> Value? {
        guard let text else { return nil }
        guard let value = Value(text), value.isPositive else { throw CLIError("\(flag): expected a positive decimal, got '\(text)'") }
        return value
    }

    private static func basisPoints(_ text: String?, flag: String) throws -> Rate? {
        guard let text else { return nil }
        guard let basisPoints = Rate(text), basisPoints.raw >= 0, basisPoints.raw % 10_000 == 0,
              basisPoints.raw < 1000 * FixedPointScale.factor
        else { throw CLIError("\(flag): expected basis points in [0, 1000) with at most 4 decimals, got '\(text)'") }
        return Rate(raw: basisPoints.raw / 10_000)
    }

    private static func slippage(_ command: BacktestCommand) throws -> SlippageModel {
        guard (0...1000).contains(command.slippageBasisPoints) else {
            throw CLIError("--slippage-bps: expected 0...1000, got \(command.slippageBasisPoints)")
        }
        guard command.impactBasisPoints.isFinite, (0...10_000).contains(command.impactBasisPoints) else {
            throw CLIError("--impact-bps: expected 0...10000, got \(command.impactBasisPoints)")
        }
        guard command.volatilitySlippage.isFinite, (0...10).contains(command.volatilitySlippage) else {
            throw CLIError("--volatility-slippage: expected 0...10, got \(command.volatilitySlippage)")
        }
        return SlippageModel(
            fixedBasisPoints: command.slippageBasisPoints, impactBasisPoints: command.impactBasisPoints,
            volatilityShare: command.volatilitySlippage)
    }

    private static func risk(_ command: BacktestCommand) throws -> RiskRules {
        guard (0...1_000_000).contains(command.cooldownBars) else {
            throw CLIError("--cooldown-bars: expected 0...1000000, got \(command.cooldownBars)")
        }
        if let cap = command.maxEntriesPerHour, !(1...10_000).contains(cap) {
            throw CLIError("--max-entries-per-hour: expected 1...10000, got \(cap)")
        }
        return RiskRules(
            cooldownBarsAfterStop: command.cooldownBars, maxEntriesPerHour: command.maxEntriesPerHour,
            maxPositionNotional: try positive(command.maxPositionNotional, flag: "--max-position-notional"), maxOpenPositions: command.maxOpenPositions)
    }

    /// `market` or `limit:OFFSET_BPS:TIMEOUT_BARS`.
    private static func entryOrder(_ text: String) throws -> ExecutionPolicy.EntryOrder {
        if text == "market" { return .market }
        let parts = text.split(separator: ":").map(String.init)
        guard parts.count == 3, parts[0] == "limit", let offset = try? basisPoints(parts[1], flag: "--order"),
              let timeout = Int(parts[2])
        else { throw CLIError("--order: expected market or limit:OFFSET_BPS:TIMEOUT_BARS such as limit:5:10, got '\(text)'") }
        return .limit(offset: offset, timeoutBars: timeout)
    }

    /// `YYYY-MM-DDTHH:MM[:SS]Z[,flatten]`.
    private static func killSwitch(_ text: String) throws -> EngineInput {
        let parts = text.split(separator: ",").map(String.init)
        guard (1...2).contains(parts.count), let time = UTCTimestamp.parseISO8601(parts[0]),
              parts.count == 1 || parts[1] == "flatten"
        else { throw CLIError("--kill-switch: expected TIME[,flatten] with TIME like 2023-03-05T12:00:00Z, got '\(text)'") }
        return .control(.killSwitch(flatten: parts.count == 2), time: time)
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
    private static func fraction(_ text: String?, flag: String, allowHundred: Bool = false) throws -> Rate? {
        guard let text else { return nil }
        let maximum = 100 * FixedPointScale.factor
        guard let percent = Rate(text), percent.isPositive, allowHundred ? percent.raw <= maximum : percent.raw < maximum,
              percent.raw % 100 == 0
        else {
            throw CLIError("\(flag): expected a percentage in (0, 100\(allowHundred ? "]" : ")") with at most 6 decimals, got '\(text)'")
        }
        return Rate(raw: percent.raw / 100)
    }
}
