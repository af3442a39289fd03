/// What the engine produced so far, for the recorder that persists it batch by batch.
extension TradingEngine {
    /// Highest equity marked so far (at bar closes).
    public var peakEquity: Double { performance.peakEquity }

    /// Every order, fill, refusal, trade, governor event, funding payment and plan since the start
    /// of the run (arrays share storage with the engine until it appends again).
    public var history: EngineHistory {
        EngineHistory(
            orders: orders, fills: fills, rejections: rejections, trades: trades, governorEvents: governorEvents,
            fundingPayments: fundingPayments, plans: planRecords, plansReleased: plansReleased,
            governorEventsReleased: governorEventsReleased)
    }

    /// Lets go of the plan records and governor events before the first `plans` and
    /// `governorEvents` of the run, which the caller has stored. A runner that lives for months
    /// gets a plan at every regime change and kept each (its canonical text twice): about 1.3 KB a
    /// plan, never freed. Positions in `history` stay counted from the run's start; the lists in
    /// `finish()`'s result then hold only what came after.
    public mutating func releaseStoredPlanHistory(plans: Int, governorEvents: Int) {
        // Only when something goes: removing nothing still copies a list the caller's `history` shares.
        let plansGoing = min(max(0, plans - plansReleased), planRecords.count)
        if plansGoing > 0 {
            planRecords.removeFirst(plansGoing)
            plansReleased += plansGoing
        }
        let eventsGoing = min(max(0, governorEvents - governorEventsReleased), self.governorEvents.count)
        if eventsGoing > 0 {
            self.governorEvents.removeFirst(eventsGoing)
            governorEventsReleased += eventsGoing
        }
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
    /// How many plan records and governor events of the run came before `plans[0]` and
    /// `governorEvents[0]` and were let go once stored (a long-lived runner's).
    public let plansReleased: Int
    public let governorEventsReleased: Int

    public init(
        orders: [Order], fills: [Fill], rejections: [OrderRejection], trades: [Trade], governorEvents: [GovernorEvent],
        fundingPayments: [FundingPayment], plans: [PlanRecord], plansReleased: Int = 0, governorEventsReleased: Int = 0
    ) {
        self.plansReleased = plansReleased
        self.governorEventsReleased = governorEventsReleased
        self.orders = orders
        self.fills = fills
        self.rejections = rejections
        self.trades = trades
        self.governorEvents = governorEvents
        self.fundingPayments = fundingPayments
        self.plans = plans
    }

    /// The first `counts` of every list; `nil` when a list is shorter.
    func prefix(_ counts: HistoryCounts) -> EngineHistory? {
        guard HistoryCounts(self).covers(counts) else { return nil }
        return EngineHistory(
            orders: Array(orders.prefix(counts.orders)), fills: Array(fills.prefix(counts.fills)),
            rejections: Array(rejections.prefix(counts.rejections)), trades: Array(trades.prefix(counts.trades)),
            governorEvents: Array(governorEvents.prefix(counts.governorEvents - governorEventsReleased)),
            fundingPayments: Array(fundingPayments.prefix(counts.fundingPayments)), plans: Array(plans.prefix(counts.plans - plansReleased)),
            plansReleased: plansReleased, governorEventsReleased: governorEventsReleased)
    }
}

/// How long each history list is.
struct HistoryCounts: Codable, Equatable, CustomStringConvertible {
    var orders = 0, rejections = 0, fills = 0, trades = 0, governorEvents = 0, fundingPayments = 0, plans = 0

    init() {}

    init(_ history: EngineHistory) {
        orders = history.orders.count
        rejections = history.rejections.count
        fills = history.fills.count
        trades = history.trades.count
        governorEvents = history.governorEventsReleased + history.governorEvents.count
        fundingPayments = history.fundingPayments.count
        plans = history.plansReleased + history.plans.count
    }

    private var all: [Int] { [orders, rejections, fills, trades, governorEvents, fundingPayments, plans] }

    func covers(_ other: HistoryCounts) -> Bool { zip(all, other.all).allSatisfy { $0 >= $1 } }

    var description: String { all.map(String.init).joined(separator: "/") }
}

public struct SlotPosition: Equatable, Sendable {
    public let strategy: String
    public let instrument: InstrumentID
    public let quantity: Quantity
    public let mark: Price
    public let hasWorkingOrder: Bool
    public let isDraining: Bool
}
