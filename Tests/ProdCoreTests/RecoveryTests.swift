import Foundation
import Testing
import GRDB
@testable import ProdCore

/// A recorded run killed between any two batches and resumed ends exactly like one that never stopped.
struct RecoveryTests {
    static let batchSize = 10_000
    /// The process that records a run and the one that resumes it after the first died.
    static let first = RunRecorderProcess(pid: 100, host: "test")
    static let second = RunRecorderProcess(pid: 200, host: "test")
    static let snapshotEvery = 3

    static func start(_ store: RunStore) throws -> RecordedRun {
        try RecordedRun.start(
            store: store, kind: "test", settings: "{}", codeVersion: "test", startedAt: "2026-01-01T00:00:00Z",
            config: ReplayScenario.config, plan: ReplayScenario.plan, recorder: first, batchSize: batchSize,
            snapshotEvery: snapshotEvery)
    }

    static func store() throws -> RunStore {
        RunStore(database: try CruptoDatabase(path: try TestSupport.temporaryFolder() + "/crupto.db"))
    }

    static let uninterrupted: (store: RunStore, run: Int64, result: RunResult, history: EngineHistory) = {
        let store = try! Self.store()
        var recorded = try! start(store)
        for input in ReplayScenario.inputs { try! recorded.process(input) }
        let result = try! recorded.finish(finishedAt: "2026-01-01T00:01:00Z")
        return (store, recorded.run, result, recorded.engine.history)
    }()

    @Test func aRecordedRunStoresEveryOutputOfTheEngine() throws {
        let (store, run, result, history) = Self.uninterrupted
        #expect(result.digest == SnapshotTests.uninterrupted.digest, "recording does not change the run")
        #expect(try store.fills(run: run) == result.fills)
        #expect(try store.trades(run: run) == result.trades)
        #expect(try store.rejections(run: run) == result.rejections)
        #expect(try store.governorEvents(run: run) == result.governorEvents)
        #expect(try store.fundingPayments(run: run) == result.fundingPayments)
        #expect(try store.orders(run: run) == history.orders)
        let plans = try store.plans(run: run)
        #expect(plans == history.plans)
        #expect(plans.map(\.source) == ["test", "test-change"] && plans.map(\.applied) == [true, true])
        #expect(plans.first?.sequence == 0 && plans.first?.time == nil)
        let equity = try store.equity(run: run)
        #expect(equity.count == result.figures.equityPoints)
        #expect(equity.last?.equity == result.finalEquity)
        let stored = try #require(try store.run(run))
        #expect(stored.isFinished && stored.digest == result.digest && stored.inputsDone == Int64(ReplayScenario.inputs.count))
        let journal = try store.journal(run: run)
        let barsJournaled = journal.filter { $0.type == "bars" }.reduce(0) { total, entry in
            total + Int(entry.payload.split(separator: ",")[0].dropFirst("{\"count\":".count))!
        }
        #expect(barsJournaled == result.bars, "every bar input is in the journal")
        #expect(journal.count(where: { $0.type == "plan" }) == 2 && journal.count(where: { $0.type == "control" }) == 2)
    }

    /// What `brain backtest` prints (the engine's figures while it ran) and what the report states
    /// (recomputed from the stored rows) are the same numbers, bit for bit.
    @Test func theReportRecomputesTheEnginesFiguresFromTheStoredRows() throws {
        let (store, run, result, _) = Self.uninterrupted
        let metrics = RunMetrics(
            initialCash: result.initialCash, timeframe: ReplayScenario.config.baseTimeframe, equity: try store.equity(run: run),
            trades: try store.trades(run: run), fills: try store.fills(run: run), funding: try store.fundingPayments(run: run))
        #expect(result.figures.trades.count > 0 && result.figures.sortino != nil, "the scenario trades and loses")
        #expect(metrics.figures == result.figures)
    }

    @Test func aKillAtEveryBatchBoundaryThenAResumeGivesTheUninterruptedRun() throws {
        let expected = Self.uninterrupted
        let batches = (ReplayScenario.inputs.count + Self.batchSize - 1) / Self.batchSize
        for killedAfter in 0..<batches {
            let store = try Self.store()
            var first = try Self.start(store)
            var commits = 0
            for input in ReplayScenario.inputs where commits < killedAfter {
                if try first.process(input) { commits += 1 }
            }
            try first.flush()
            // The process dies here: nothing of `first` survives but what it committed.
            let stored = try #require(try store.run(first.run))
            #expect(stored.inputsDone == Int64(killedAfter * Self.batchSize))

            var resumed = try RecordedRun.resume(
                store: store, run: first.run, config: ReplayScenario.config, plan: ReplayScenario.plan, recorder: Self.second,
                isAlive: { _ in false }, batchSize: Self.batchSize, snapshotEvery: Self.snapshotEvery)
            #expect(resumed.inputsDone == Int64(killedAfter / Self.snapshotEvery * Self.snapshotEvery * Self.batchSize))
            for input in ReplayScenario.inputs.dropFirst(Int(resumed.inputsDone)) { try resumed.process(input) }
            let result = try resumed.finish(finishedAt: "2026-01-01T00:01:00Z")

            #expect(result.digest == expected.result.digest, "killed after batch \(killedAfter)")
            #expect(try store.fills(run: first.run) == expected.store.fills(run: expected.run))
            #expect(try store.trades(run: first.run) == expected.store.trades(run: expected.run))
            #expect(try store.equity(run: first.run) == expected.store.equity(run: expected.run))
            #expect(try store.journal(run: first.run) == expected.store.journal(run: expected.run))
            #expect(try store.orders(run: first.run) == expected.store.orders(run: expected.run))
            #expect(try store.positions(run: first.run) == expected.store.positions(run: expected.run))
        }
    }

    /// The runner commits between batches too (at every decision point). A process killed after
    /// such commits leaves rows past its last snapshot, cut elsewhere than a resumed run cuts
    /// them: the resumed run must store exactly the uninterrupted run, not those rows twice.
    @Test func aKillAfterCommitsBetweenBatchesThenAResumeStoresEveryTableOfTheUninterruptedRun() throws {
        let expected = Self.uninterrupted
        var generator = SeededGenerator(seed: 15)
        for attempt in 0..<6 {
            let store = try Self.store()
            var first = try Self.start(store)
            let killAt = Int.random(in: Self.batchSize..<(ReplayScenario.inputs.count - 100), using: &generator)
            for (index, input) in ReplayScenario.inputs.prefix(killAt).enumerated() {
                try first.process(input)
                if index % 997 == 0 {
                    try first.commit()
                    try first.flush()
                }
            }
            try first.flush()
            var resumed = try RecordedRun.resume(
                store: store, run: first.run, config: ReplayScenario.config, plan: ReplayScenario.plan, recorder: Self.second,
                isAlive: { _ in false }, batchSize: Self.batchSize, snapshotEvery: Self.snapshotEvery)
            #expect(resumed.inputsDone < Int64(killAt))
            for input in ReplayScenario.inputs.dropFirst(Int(resumed.inputsDone)) { try resumed.process(input) }
            let result = try resumed.finish(finishedAt: "2026-01-01T00:01:00Z")
            let context: Comment = "attempt \(attempt), killed at input \(killAt)"
            #expect(result.digest == expected.result.digest, context)
            #expect(try store.equity(run: first.run) == expected.store.equity(run: expected.run), context)
            #expect(try store.journal(run: first.run) == expected.store.journal(run: expected.run), context)
            #expect(try store.orders(run: first.run) == expected.store.orders(run: expected.run), context)
            #expect(try store.fills(run: first.run) == expected.store.fills(run: expected.run), context)
            #expect(try store.trades(run: first.run) == expected.store.trades(run: expected.run), context)
            #expect(try store.rejections(run: first.run) == expected.store.rejections(run: expected.run), context)
            #expect(try store.plans(run: first.run) == expected.store.plans(run: expected.run), context)
            #expect(try store.fundingPayments(run: first.run) == expected.store.fundingPayments(run: expected.run), context)
            #expect(try store.positions(run: first.run) == expected.store.positions(run: expected.run), context)
            #expect(try store.governorEvents(run: first.run) == expected.store.governorEvents(run: expected.run), context)
            let stored = try #require(try store.run(first.run))
            #expect(stored.inputsDone == Int64(ReplayScenario.inputs.count) && stored.outcome == "finished", context)
        }
    }

    @Test func aFinishedRunIsNotResumedAndAnUnknownRunIsNamed() throws {
        let (store, run, _, _) = Self.uninterrupted
        for id in [run, 999] {
            #expect(throws: ResumeError.self) {
                try RecordedRun.resume(
                    store: store, run: id, config: ReplayScenario.config, plan: ReplayScenario.plan, recorder: Self.second,
                    isAlive: { _ in false })
            }
        }
    }
}

/// Bad database states while a run is recorded: the run stops with a clear error and every
/// batch committed before stays, ready for a resume.
struct RecordingFailureTests {
    @Test func aDatabaseLockedByAnotherProcessStopsTheRunAndKeepsWhatWasCommitted() throws {
        let path = try TestSupport.temporaryFolder() + "/crupto.db"
        let store = RunStore(database: try CruptoDatabase(path: path, busyTimeout: 0.2))
        var recorded = try RecoveryTests.start(store)
        var inputs = ReplayScenario.inputs.makeIterator()
        var commits = 0
        while commits < 2, let input = inputs.next() {
            if try recorded.process(input) { commits += 1 }
        }
        try recorded.flush()

        var holdsTheLock = Configuration()
        holdsTheLock.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: path, configuration: holdsTheLock)
        try other.inDatabase { try $0.execute(sql: "BEGIN EXCLUSIVE") }
        let failure = #expect(throws: PersistError.self) {
            while let input = inputs.next() { try recorded.process(input) }
            try recorded.flush()
        }
        #expect(failure == .locked(path: path))
        try other.inDatabase { try $0.execute(sql: "ROLLBACK") }

        let stored = try #require(try store.run(recorded.run))
        #expect(stored.inputsDone == Int64(2 * RecoveryTests.batchSize) && !stored.isFinished)
        let resume = {
            try RecordedRun.resume(
                store: store, run: recorded.run, config: ReplayScenario.config, plan: ReplayScenario.plan,
                recorder: RecoveryTests.second, isAlive: { $0 == RecoveryTests.first },
                batchSize: RecoveryTests.batchSize, snapshotEvery: RecoveryTests.snapshotEvery)
        }
        #expect(throws: ResumeError.self, "the first recorder is still alive") { try resume() }
        try store.setRecorder(run: recorded.run, RunRecorderProcess(pid: 300, host: "test"))
        var resumed = try resume()
        for input in ReplayScenario.inputs.dropFirst(Int(resumed.inputsDone)) { try resumed.process(input) }
        #expect(try resumed.finish(finishedAt: "2026-01-01T00:01:00Z").digest == SnapshotTests.uninterrupted.digest)
    }

    @Test(arguments: [(ResultCode.SQLITE_READONLY, "read-only"), (.SQLITE_FULL, "disk full"), (.SQLITE_CORRUPT, "not a valid")])
    func everySQLiteFailureOfAWriteBecomesAMessageNamingTheFile(code: ResultCode, words: String) {
        let error = PersistError.from(DatabaseError(resultCode: code), path: "storage/crupto.db")
        #expect(error.description.hasPrefix("storage/crupto.db: ") && error.description.contains(words))
    }
}
