import Foundation

/// Snapshots: the engine's whole mutable state as bytes, so that a run can stop anywhere and go on
/// later: `state = snapshot + replay(inputs after snapshot.sequence)` gives the state, outputs and
/// digest of a run that never stopped. The fixed part (`EngineConfig`) is not in it: the caller
/// rebuilds it from the run's stored settings.
extension TradingEngine {
    /// Sequence number of the last input processed.
    public var processedInputs: Int64 { sequence }

    public func snapshot() throws -> Data {
        var state = EngineState(
            plan: plan, slots: slots, strategies: [], drainingSlots: drainingSlots, slotsByInstrument: slotsByInstrument,
            portfolio: portfolio, governor: governor, digest: digest, performance: performance, sequence: sequence,
            barInputs: barInputs, nextOrderId: nextOrderId, orders: orders, fills: fills, rejections: rejections,
            trades: trades, governorEvents: governorEvents, fundingPayments: fundingPayments, planRecords: planRecords,
            newEquityPoints: newEquityPoints, firstTime: firstTime, clock: clock, barCounts: barCounts,
            lastBarTimes: lastBarTimes, lastRanges: lastRanges)
        let encoder = EngineState.encoder
        state.strategies = try strategies.map { try encoder.encode($0) }
        return try encoder.encode(state)
    }

    /// Restores the state `snapshot()` saved, under the same `config`.
    public init(config: EngineConfig, snapshot: Data) throws {
        let decoder = EngineState.decoder
        let state = try decoder.decode(EngineState.self, from: snapshot)
        guard state.barCounts.count == config.instruments.count, state.slots.count == state.strategies.count else {
            throw SnapshotError("the snapshot was taken with \(state.barCounts.count) instruments, the run has \(config.instruments.count)")
        }
        try self.init(config: config, plan: state.plan)
        strategies = try zip(state.slots, state.strategies).map { slot, data in
            guard let type = config.catalog.strategy(named: slot.entry.strategy.name) else {
                throw SnapshotError("unknown strategy \(slot.entry.strategy.name) in the snapshot")
            }
            return try decoder.decode(type, from: data)
        }
        slots = state.slots
        drainingSlots = state.drainingSlots
        slotsByInstrument = state.slotsByInstrument
        portfolio = state.portfolio
        governor = state.governor
        digest = state.digest
        performance = state.performance
        sequence = state.sequence
        barInputs = state.barInputs
        nextOrderId = state.nextOrderId
        orders = state.orders
        fills = state.fills
        rejections = state.rejections
        trades = state.trades
        governorEvents = state.governorEvents
        fundingPayments = state.fundingPayments
        planRecords = state.planRecords
        newEquityPoints = state.newEquityPoints
        firstTime = state.firstTime
        clock = state.clock
        barCounts = state.barCounts
        lastBarTimes = state.lastBarTimes
        lastRanges = state.lastRanges
    }
}

/// A snapshot that cannot be restored.
public struct SnapshotError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Every mutable field of `TradingEngine`, strategies as their own encodings.
private struct EngineState: Codable {
    var plan: Plan
    var slots: [StrategySlot]
    var strategies: [Data]
    var drainingSlots: Int
    var slotsByInstrument: [[Int]]
    var portfolio: Portfolio
    var governor: Governor
    var digest: RunDigest
    var performance: PerformanceTracker
    var sequence: Int64
    var barInputs: Int
    var nextOrderId: Int64
    var orders: [Order]
    var fills: [Fill]
    var rejections: [OrderRejection]
    var trades: [Trade]
    var governorEvents: [GovernorEvent]
    var fundingPayments: [FundingPayment]
    var planRecords: [PlanRecord]
    var newEquityPoints: [EquityPoint]
    var firstTime: Int64?
    var clock: Int64?
    var barCounts: [Int]
    var lastBarTimes: [Int64?]
    var lastRanges: [Double]

    /// Doubles round-trip exactly through JSON's shortest representation; NaN and infinities
    /// (indicators before warm-up) as strings.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        encoder.outputFormatting = .sortedKeys
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
