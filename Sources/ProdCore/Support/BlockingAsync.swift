import Dispatch
import Synchronization

/// Runs async work to completion from a plain thread (the runner's loop is one thread, not a task).
/// Never call it from inside a Swift concurrency task: it blocks the calling thread.
public enum BlockingAsync {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }
}
