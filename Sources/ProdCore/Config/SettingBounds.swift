/// The ranges numbers from files, flags and frames must fall in before they become durations or
/// paces: a value outside is refused by name, never converted (a `Double` beyond `Int64` traps).
public enum SettingBounds {
    /// Heartbeat and lockstep timeouts, seconds.
    public static let timeoutSeconds: ClosedRange<Double> = 0.001...86_400
    /// `brain start --duration`, seconds (ten years).
    public static let runSeconds: ClosedRange<Double> = 0.001...315_360_000
    /// Free-running pace, × real time.
    public static let speed: ClosedRange<Double> = 0.001...1_000_000_000
    /// The supervision window, minutes (a week).
    public static let restartWindowMinutes: ClosedRange<Double> = 0.001...10_080

    /// `seconds` as a duration when it is finite and in `range`; `nil` otherwise.
    public static func duration(seconds: Double, in range: ClosedRange<Double>) -> Duration? {
        guard seconds.isFinite, range.contains(seconds) else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// The message for a number outside `range`.
    public static func expected(_ range: ClosedRange<Double>, _ unit: String, got value: String) -> String {
        "expected \(unit) in \(range.lowerBound.numberText)…\(range.upperBound.numberText), got \(value)"
    }
}
