import Foundation

/// Wall-clock time for a run's bookkeeping (its start and finish stamps in `runs`), whole
/// seconds. Never for the engine step (ARCHITECTURE.md §5): event times come from the inputs.
public enum RunStamp {
    public static func now() -> String {
        UTCTimestamp.iso8601(Int64(Date().timeIntervalSince1970) * 1000)
    }

    /// Now as `20261130T141330Z` (`…T141330.512Z` with milliseconds), for file and folder names.
    public static func compact(milliseconds: Bool = false) -> String {
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let iso = UTCTimestamp.iso8601(now - now % 1000).filter { $0 != "-" && $0 != ":" }.dropLast()
        return iso + (milliseconds ? String(format: ".%03dZ", Int(now % 1000)) : "Z")
    }
}
