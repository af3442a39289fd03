import Foundation

/// What reaches the runner's loop from other threads: the socket's messages and the signals.
enum RunnerEvent: Sendable {
    case connected(connection: Int)
    case message(connection: Int, ClientMessage)
    case disconnected(connection: Int)
    /// SIGTERM or SIGINT: stop like a `stop` control.
    case signal(Int32)
    /// The live feed settled new bars: the loop stops waiting.
    case feedReady
}

/// A queue the loop blocks on; the only place threads hand work to the single-threaded runner.
final class RunnerInbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var events: [RunnerEvent] = []
    private var head = 0

    func push(_ event: RunnerEvent) {
        condition.lock()
        events.append(event)
        condition.signal()
        condition.unlock()
    }

    /// The next event, waiting for one until `deadline` (`nil`: no wait); `nil` when none came.
    func next(until deadline: ContinuousClock.Instant?) -> RunnerEvent? {
        condition.lock()
        defer { condition.unlock() }
        while head == events.count {
            guard let deadline else { return nil }
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return nil }
            let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) * 1e-18
            _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
        }
        let event = events[head]
        head += 1
        if head == events.count {
            events.removeAll(keepingCapacity: true)
            head = 0
        }
        return event
    }
}
