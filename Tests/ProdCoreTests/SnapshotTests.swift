import Foundation
import Testing
@testable import ProdCore

struct SnapshotTests {
    /// The engine after every input, before `finish()`.
    static let completed: TradingEngine = {
        var engine = ReplayScenario.engine()
        for input in ReplayScenario.inputs { engine.process(input) }
        return engine
    }()

    static let uninterrupted: RunResult = {
        var engine = completed
        return engine.finish()
    }()

    @Test func theScenarioExercisesWhatASnapshotMustCarry() {
        let result = Self.uninterrupted
        let reasons = Set(result.trades.map(\.exitReason))
        #expect(result.trades.count >= 10)
        #expect(reasons.contains(.stopLoss) && reasons.contains(.killSwitch))
        #expect(result.fills.contains { $0.isMaker }, "resting limits filled")
        #expect(!result.fundingPayments.isEmpty)
        #expect(result.governorEvents.contains { $0.kind == .planApplied })
        #expect(result.rejections.contains { $0.reason == .limitExpired })
    }

    @Test(arguments: [1, 7_919, 20_000, 44_640, 60_001, 89_000])
    func aRestoredSnapshotContinuesExactlyLikeTheUninterruptedRun(at stop: Int) throws {
        var engine = ReplayScenario.engine()
        for input in ReplayScenario.inputs.prefix(stop) { engine.process(input) }
        let saved = try engine.snapshot()

        // The stored history may run past the snapshot (batches committed after it): it is cut back.
        var restored = try TradingEngine(config: ReplayScenario.config, snapshot: saved, history: Self.completed.history)
        #expect(try restored.snapshot() == saved, "restoring loses nothing")
        for input in ReplayScenario.inputs.dropFirst(stop) { restored.process(input) }
        let result = restored.finish()
        let expected = Self.uninterrupted
        #expect(result.digest == expected.digest)
        #expect(result.fills == expected.fills && result.trades == expected.trades)
        #expect(result.governorEvents == expected.governorEvents && result.rejections == expected.rejections)
        #expect(result.portfolio == expected.portfolio)
    }

    @Test func aSnapshotOfAnotherUniverseIsRefused() throws {
        let saved = try ReplayScenario.engine().snapshot()
        var config = ReplayScenario.config
        config.instruments.removeLast()
        #expect(throws: SnapshotError.self) { try TradingEngine(config: config, snapshot: saved, history: ReplayScenario.engine().history) }
        #expect(throws: (any Error).self) { try TradingEngine(config: ReplayScenario.config, snapshot: Data("{}".utf8), history: ReplayScenario.engine().history) }
        var later = ReplayScenario.engine()
        for input in ReplayScenario.inputs.prefix(30_000) { later.process(input) }
        #expect(throws: SnapshotError.self, "a history shorter than the snapshot's is refused") {
            try TradingEngine(config: ReplayScenario.config, snapshot: try later.snapshot(), history: ReplayScenario.engine().history)
        }
    }
}
