import Foundation

/// Wall-clock time for a run's bookkeeping (its start and finish stamps in `runs`), whole
/// seconds. Never for the engine step (ARCHITECTURE.md §5): event times come from the inputs.
public enum RunStamp {
    public static func now() -> String {
        UTCTimestamp.iso8601(Int64(Date().timeIntervalSince1970) * 1000)
    }
}
