import Foundation

/// The fake exchange's clock: it starts at a chosen market time and runs `speed` times faster
/// than the wall clock, so a day of market fits in minutes. Every reply and stream message of the
/// fake carries this time, as Binance's carry its own; the live feed must never use its local clock
/// for a bar's time.
public struct FakeExchangeClock: Sendable {
    public let start: Int64
    public let speed: Double
    private let wallStart: ContinuousClock.Instant

    public init(start: Int64, speed: Double) {
        precondition(speed > 0)
        self.start = start
        self.speed = speed
        wallStart = .now
    }

    /// Exchange time now (ms).
    public func now() -> Int64 {
        let elapsed = wallStart.duration(to: .now)
        let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        return start + Int64(milliseconds * speed)
    }

    /// Wall time until the exchange clock reads `time` (zero when it has passed).
    public func wallDelay(until time: Int64) -> Duration {
        let remaining = time - now()
        return remaining <= 0 ? .zero : .microseconds(Int64(Double(remaining) * 1_000 / speed))
    }
}
