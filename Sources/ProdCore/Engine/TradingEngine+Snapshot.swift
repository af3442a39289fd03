import Foundation

/// Snapshots: the engine's mutable state as bytes, so that a run can stop anywhere and go on
/// later: `state = snapshot + replay(inputs after snapshot.sequence)` gives the state, outputs and
/// digest of a run that never stopped. Two parts are not in it: the fixed `EngineConfig`, which
/// the caller rebuilds from the run's stored settings, and the history (orders, fills, trades,
/// events…), which is stored as it is produced; the snapshot keeps only how long each list was,
/// so its size does not grow with the run.
extension TradingEngine {
    /// Sequence number of the last input processed.
    public var processedInputs: Int64 { sequence }

    public func snapshot() throws -> Data {
        var state = EngineState(
            plan: plan, slots: slots, strategies: [], drainingSlots: drainingSlots, slotsByInstrument: slotsByInstrument,
            portfolio: portfolio, governor: governor, digest: digest, performance: performance, sequence: sequence,
            barInputs: barInputs, nextOrderId: nextOrderId, historyCounts: HistoryCounts(history),
            newEquityPoints: newEquityPoints, firstTime: firstTime, clock: clock, barCounts: barCounts,
            lastBarTimes: lastBarTimes, lastRanges: lastRanges)
        let encoder = EngineState.encoder
        state.strategies = try strategies.map { try encoder.encode($0) }
        return try encoder.encode(state)
    }

    /// Restores the state `snapshot()` saved, under the same `config`, with the run's history up
    /// to the snapshot (longer lists are cut to their length at the snapshot).
    public init(config: EngineConfig, snapshot: Data, history: EngineHistory) throws {
        let decoder = EngineState.decoder
        let state = try decoder.decode(EngineState.self, from: snapshot)
        guard state.barCounts.count == config.instruments.count, state.slots.count == state.strategies.count else {
            throw SnapshotError("the snapshot was taken with \(state.barCounts.count) instruments, the run has \(config.instruments.count)")
        }
        let counts = state.historyCounts
        guard let kept = history.prefix(counts) else {
            throw SnapshotError("the stored history is shorter than the snapshot's (\(HistoryCounts(history)) < \(counts))")
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
        orders = kept.orders
        fills = kept.fills
        rejections = kept.rejections
        trades = kept.trades
        governorEvents = kept.governorEvents
        fundingPayments = kept.fundingPayments
        planRecords = kept.plans
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
    var historyCounts: HistoryCounts
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
