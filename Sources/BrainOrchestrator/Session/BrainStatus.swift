import Foundation
import ProdCore

/// What `brain status` shows: written by the running brain to `storage/run/brain.json` (atomically,
/// at most twice a second and at the end) and read by `brain status` and `brain stop`.
public struct BrainStatus: Codable, Sendable, Equatable {
    public var pid: Int32
    /// The brain as a process (pid and start time): `brain stop` signals only this process.
    public var process: ProcessIdentity?
    public var runId: Int64?
    public var state: String
    public var decisionTime: Int64?
    public var decisions: Int
    public var regimes: [String: String]
    public var enabled: [String]
    public var mapVersion: String
    public var equity: Money?
    public var drawdown: Double?
    public var safeMode: Bool
    public var killSwitch: Bool
    public var haltedForDay: Bool
    public var runnerPid: Int32?
    /// The runner as a process: `brain stop` can stop it when its brain died and left it behind.
    public var runnerProcess: ProcessIdentity?
    public var runnerRestarts: Int
    /// The alert history, newest first, a repeated alert (same level and code) counted once.
    public var alerts: [StatusAlert]
    /// What the runner last reported (positions, limits, the day's start equity, feed time).
    public var runner: RunnerStatus?
    public var updatedAt: String

    public static func read(_ path: String) throws -> BrainStatus {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(BrainStatus.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func write(to path: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(self) else { return }
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// An alert in `brain status`: when it was first and last raised (event time) and how often.
public struct StatusAlert: Codable, Sendable, Equatable {
    public var level: BrainAlert.Level
    public var code: String
    public var message: String
    public var firstTime: Int64?
    public var lastTime: Int64?
    public var count: Int
}

/// The alerts a brain raised, newest first: one entry per level and code (with its latest message),
/// counted, at most `limit`. A repeated alert's details differ (a crashed runner's last log lines):
/// it is still one thing happening again.
struct AlertHistory {
    static let limit = 50
    private(set) var entries: [StatusAlert] = []

    mutating func record(_ alert: BrainAlert, at time: Int64?) {
        var entry = StatusAlert(level: alert.level, code: alert.code, message: alert.message, firstTime: time, lastTime: time, count: 1)
        if let index = entries.firstIndex(where: { $0.code == alert.code && $0.level == alert.level }) {
            let earlier = entries.remove(at: index)
            entry.firstTime = earlier.firstTime ?? time
            entry.count = earlier.count + 1
        }
        entries.insert(entry, at: 0)
        if entries.count > Self.limit { entries.removeLast() }
    }
}
