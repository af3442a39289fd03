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
    public var alerts: [BrainAlert]
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
