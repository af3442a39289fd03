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
    /// Fee rate for every fill; `nil` uses the instrument's taker fee (market orders take liquidity).
    public var feeRate: Rate?
    /// Fixed adverse slippage in basis points: buys pay more, sells receive less, rounded to the tick.
    public var slippageBasisPoints: Int64

    public init(fillTiming: FillTiming = .nextOpen, feeRate: Rate? = nil, slippageBasisPoints: Int64 = 0) {
        self.fillTiming = fillTiming
        self.feeRate = feeRate
        self.slippageBasisPoints = slippageBasisPoints
    }
}

/// Simulates market-order execution against bar prices with the exchange's filters and fees.
/// It never talks to an exchange.
public struct PaperBroker: Sendable {
    public let config: BrokerConfig
    public let instrument: Instrument

    public init(config: BrokerConfig, instrument: Instrument) {
        self.config = config
        self.instrument = instrument
    }

    public var feeRate: Rate { config.feeRate ?? instrument.takerFee }

    /// Executes `order` at `reference` price (open or close of `time`'s bar), given the cash available.
    public func execute(_ order: Order, reference: Price, time: Int64, cash: Money) -> Result<Fill, OrderRejection> {
        func reject(_ reason: RejectReason, _ detail: String) -> Result<Fill, OrderRejection> {
            .failure(OrderRejection(orderId: order.id, time: time, reason: reason, detail: detail))
        }
        guard order.quantity.isPositive else { return reject(.zeroQuantity, "quantity \(order.quantity)") }
        guard order.quantity.raw % instrument.stepSize.raw == 0 else {
            return reject(.offStepQuantity, "quantity \(order.quantity) is not a multiple of step \(instrument.stepSize)")
        }
        let price = slipped(reference, order.side)
        let notional = Money.notional(order.quantity, price, .nearest)
        guard notional >= instrument.minNotional else {
            return reject(.belowMinNotional, "notional \(notional) < min notional \(instrument.minNotional)")
        }
        let fee = notional.times(feeRate, .up)
        if order.side == .buy && instrument.market == .spot && notional + fee > cash {
            return reject(.insufficientCash, "cost \(notional + fee) > cash \(cash)")
        }
        return .success(Fill(
            orderId: order.id, time: time, instrument: instrument.id, side: order.side, intent: order.intent,
            price: price, quantity: order.quantity, notional: notional, fee: fee))
    }

    /// The reference price moved against the order by the slippage, on the tick grid.
    func slipped(_ reference: Price, _ side: OrderSide) -> Price {
        guard config.slippageBasisPoints != 0 else { return reference }
        let shift = FixedPointMath.product(reference.raw, config.slippageBasisPoints * 10_000, .nearest)
        switch side {
        case .buy: return Price(raw: reference.raw + shift).rounded(toTick: instrument.tickSize, .up)
        case .sell: return Price(raw: max(reference.raw - shift, instrument.tickSize.raw)).rounded(toTick: instrument.tickSize, .down)
        }
    }
}
