import Foundation

/// A process by pid and start time: a pid alone may name another process once the first one is
/// gone (pids are reused), so a signal goes only to a pid whose start time still matches.
public struct ProcessIdentity: Codable, Sendable, Equatable {
    public let pid: Int32
    /// Clock ticks after boot at which the process started (`/proc/PID/stat`, field 22).
    public let startTime: UInt64

    /// This process.
    public static var current: ProcessIdentity? { of(getpid()) }

    /// The process that has `pid` now, or `nil` when there is none (a zombie, dead but not yet
    /// reaped by its parent, counts as none).
    public static func of(_ pid: Int32) -> ProcessIdentity? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let afterName = stat.range(of: ")", options: .backwards)
        else { return nil }
        // After the name: state is field 3; the start time is field 22.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        guard fields.count > 19, fields[0] != "Z", fields[0] != "X", let start = UInt64(fields[19]) else { return nil }
        return ProcessIdentity(pid: pid, startTime: start)
    }

    /// Whether this very process is still running.
    public var isAlive: Bool { Self.of(pid) == self }
}
