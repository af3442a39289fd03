import Dispatch
import Foundation

/// Commits batches on a thread of its own, in order, so that the engine goes on with the next
/// batch while SQLite writes the last one (the LMAX journaller's place beside the business logic).
/// At most `inFlight` batches wait: a slow disk slows the engine down instead of filling memory.
/// A batch counts as done only once its transaction committed; the first failure stops the
/// writer and is thrown by the next `submit` or by `flush`.
final class BatchWriter: @unchecked Sendable {
    private let store: RunStore
    private let queue = DispatchQueue(label: "crupto.batch-writer")
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var failure: PersistError?
    private var committed = Commits(inputs: 0, durations: [])

    /// What committed since the last `takeCommits()`: the inputs the last batch covers and each
    /// transaction's wall time.
    struct Commits: Sendable {
        var inputs: Int64
        var durations: [Duration]
    }

    init(store: RunStore, inFlight: Int = 2) {
        self.store = store
        slots = DispatchSemaphore(value: inFlight)
    }

    func submit(_ batch: RunBatch) throws(PersistError) {
        if let failure = currentFailure { throw failure }
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            commitUnlessFailed(batch)
        }
    }

    /// Commits `batch` after those submitted before it, on the calling thread when the writer is
    /// idle: for a caller that waits for the commit anyway (a plan's ack), the hand-over to the
    /// writer's thread and back was two wake-ups of a plan's round trip.
    func commitAndWait(_ batch: RunBatch) throws(PersistError) {
        if let failure = currentFailure { throw failure }
        queue.sync { commitUnlessFailed(batch) }
        if let failure = currentFailure { throw failure }
    }

    private func commitUnlessFailed(_ batch: RunBatch) {
        guard currentFailure == nil else { return }
        do throws(PersistError) {
            let started = ContinuousClock.now
            try store.commit(batch)
            let took = started.duration(to: .now)
            lock.withLock {
                committed.inputs = max(committed.inputs, batch.inputsDone)
                committed.durations.append(took)
            }
        } catch {
            lock.withLock { failure = error }
        }
    }

    /// Waits until every submitted batch is committed.
    func flush() throws(PersistError) {
        queue.sync {}
        if let failure = currentFailure { throw failure }
    }

    func takeCommits() -> Commits {
        lock.withLock {
            defer { committed.durations.removeAll(keepingCapacity: true) }
            return committed
        }
    }

    private var currentFailure: PersistError? { lock.withLock { failure } }
}
