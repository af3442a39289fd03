/// When a market order created at a bar's close is filled.
public enum FillTiming: String, Sendable, CaseIterable, Codable {
    /// At the next bar's open: no look-ahead; the default.
    case nextOpen = "next_open"
    /// At the signal bar's close, as vectorized engines do.
    case close
}

/// Settings of the paper broker.
public struct BrokerConfig: Sendable {
    public var fillTiming: FillTiming
    /// Fee rate for every fill; `nil` uses the instrument's taker fee for market fills and its
    /// maker fee for resting limit fills.
    public var feeRate: Rate?
    public var slippage: SlippageModel

    public init(fillTiming: FillTiming = .nextOpen, feeRate: Rate? = nil, slippage: SlippageModel = SlippageModel()) {
        self.fillTiming = fillTiming
        self.feeRate = feeRate
        self.slippage = slippage
    }
}

/// What the broker needs to know about the market and the account at a fill.
public struct FillContext: Sendable {
    /// Traded volume of the bar the fill happens in.
    public var barVolume: Quantity
    /// (high − low) / close of the instrument's last closed bar, for the volatility slippage.
    public var lastRange: Double
    public var cash: Money
    /// The account's net position in the instrument (spot sells may not exceed it).
    public var position: Quantity
}

/// Simulates execution against bar prices with the exchange's filters and fees. It never talks
/// to an exchange.
public struct PaperBroker: Sendable {
    public let config: BrokerConfig
    public let instrument: Instrument

    public init(config: BrokerConfig, instrument: Instrument) {
        self.config = config
        self.instrument = instrument
    }

    public var takerFee: Rate { config.feeRate ?? instrument.takerFee }
    public var makerFee: Rate { config.feeRate ?? instrument.makerFee }

    /// Executes `quantity` of `order` in `time`'s bar. A market order fills at `reference` (the
    /// bar's open, its close, or a stop level) moved by the slippage; a limit order fills at its
    /// limit as maker, without slippage.
    public func execute(_ order: Order, quantity: Quantity, reference: Price, time: Int64, context: FillContext) -> Result<Fill, OrderRejection> {
        func reject(_ reason: RejectReason, _ detail: String) -> Result<Fill, OrderRejection> {
            .failure(OrderRejection(orderId: order.id, time: time, reason: reason, detail: detail))
        }
        guard quantity.isPositive else { return reject(.zeroQuantity, "quantity \(quantity)") }
        guard quantity.raw % instrument.stepSize.raw == 0 else {
            return reject(.offStepQuantity, "quantity \(quantity) is not a multiple of step \(instrument.stepSize)")
        }
        let isMaker = order.limitPrice != nil
        let price = order.limitPrice ?? slipped(reference, order.side, quantity: quantity, context: context)
        let notional = Money.notional(quantity, price, .nearest)
        guard notional >= instrument.minNotional else {
            return reject(.belowMinNotional, "notional \(notional) < min notional \(instrument.minNotional)")
        }
        let fee = notional.times(isMaker ? makerFee : takerFee, .up)
        if instrument.market == .spot {
            if order.side == .buy && notional + fee > context.cash {
                return reject(.insufficientCash, "cost \(notional + fee) > cash \(context.cash)")
            }
            if order.side == .sell && quantity > context.position {
                return reject(.insufficientPosition, "selling \(quantity) > spot balance \(context.position)")
            }
        }
        return .success(Fill(
            orderId: order.id, time: time, instrument: instrument.id, side: order.side, intent: order.intent,
            price: price, quantity: quantity, notional: notional, fee: fee, isMaker: isMaker, strategy: order.strategy))
    }

    /// The price a market order of `quantity` would get at `reference`.
    public func slipped(_ reference: Price, _ side: OrderSide, quantity: Quantity, context: FillContext) -> Price {
        let share = context.barVolume.isPositive ? quantity.doubleValue / context.barVolume.doubleValue : 1
        return config.slippage.slipped(reference, side, volumeShare: share, lastRange: context.lastRange, tick: instrument.tickSize)
    }
}
