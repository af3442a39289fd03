/// A bar interval. Bars are aligned to UTC multiples of the interval since the Unix epoch.
public enum Timeframe: String, CaseIterable, Sendable, Comparable, CustomStringConvertible, Codable {
    case m1 = "1m"
    case m5 = "5m"
    case m15 = "15m"
    case h1 = "1h"
    case h4 = "4h"
    case d1 = "1d"

    /// Length of one bar in milliseconds.
    public var milliseconds: Int64 {
        switch self {
        case .m1: 60_000
        case .m5: 300_000
        case .m15: 900_000
        case .h1: 3_600_000
        case .h4: 14_400_000
        case .d1: 86_400_000
        }
    }

    /// Number of one-minute bars in one bar of this timeframe.
    public var minutes: Int { Int(milliseconds / 60_000) }

    /// Open time of the bar of this timeframe that contains `time` (epoch ms).
    @inline(__always)
    public func bucketStart(of time: Int64) -> Int64 {
        let remainder = time % milliseconds
        return time - (remainder < 0 ? remainder + milliseconds : remainder)
    }

    public var description: String { rawValue }

    public static func < (lhs: Timeframe, rhs: Timeframe) -> Bool { lhs.milliseconds < rhs.milliseconds }
}
