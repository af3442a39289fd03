import Foundation

/// Population standard deviation of the last `period` log returns ln(close / previous close),
/// per bar (not annualized); first value after `period + 1` inputs.
public struct RealizedVolatility: Sendable, Codable {
    public let period: Int
    public private(set) var value = Double.nan
    private var moments: RollingMoments
    private var previous = Double.nan

    public init(period: Int) {
        precondition(period >= 2)
        self.period = period
        moments = RollingMoments(period: period)
    }

    public var isReady: Bool { moments.isReady }

    @inline(__always)
    public mutating func update(_ close: Double) {
        defer { previous = close }
        guard previous > 0, close > 0 else { return }
        moments.update(log(close / previous))
        if moments.isReady { value = moments.standardDeviation }
    }
}
