/// What the engine produced so far, for the recorder that persists it batch by batch.
extension TradingEngine {
    /// Every order, fill, refusal, trade, governor event, funding payment and plan since the start
    /// of the run (arrays share storage with the engine until it appends again).
    public var history: EngineHistory {
        EngineHistory(
            orders: orders, fills: fills, rejections: rejections, trades: trades, governorEvents: governorEvents,
            fundingPayments: fundingPayments, plans: planRecords)
    }

    public var firstEventTime: Int64? { firstTime }
    public var lastEventTime: Int64? { clock }

    /// The equity points recorded since the last call: the caller keeps them (the engine does not).
    public mutating func takeEquityPoints() -> [EquityPoint] {
        defer { newEquityPoints.removeAll(keepingCapacity: true) }
        return newEquityPoints
    }

    /// The position of every plan entry that holds one or is still in the plan.
    public var slotPositions: [SlotPosition] {
        slots.map { slot in
            SlotPosition(
                strategy: slot.label, instrument: config.instruments[slot.instrument].id, quantity: slot.position,
                mark: portfolio.marks[slot.instrument], hasWorkingOrder: slot.working != nil, isDraining: slot.isDraining)
        }
    }
}

public struct EngineHistory: Sendable {
    public let orders: [Order]
    public let fills: [Fill]
    public let rejections: [OrderRejection]
    public let trades: [Trade]
    public let governorEvents: [GovernorEvent]
    public let fundingPayments: [FundingPayment]
    public let plans: [PlanRecord]
}

public struct SlotPosition: Equatable, Sendable {
    public let strategy: String
    public let instrument: InstrumentID
    public let quantity: Quantity
    public let mark: Price
    public let hasWorkingOrder: Bool
    public let isDraining: Bool
}
