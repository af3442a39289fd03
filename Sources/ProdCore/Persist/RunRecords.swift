import Foundation

/// A run as the `runs` table holds it.
public struct StoredRun: Equatable, Sendable {
    public let id: Int64
    public let kind: String
    /// Wall-clock start, UTC ISO 8601: bookkeeping only, never an engine input.
    public let startedAt: String
    public let status: String
    /// What rebuilds the run (for a backtest: its command-line arguments, as JSON).
    public let settings: String
    public let codeVersion: String
    /// The feed's bar timeframe: one equity point per bar of it.
    public let timeframe: Timeframe
    public let initialCash: Money
    /// The process that records the run (the last one that started or resumed it).
    public let recorder: RunRecorderProcess?
    /// Inputs processed and committed: a resumed run continues after the snapshot at or before this.
    public let inputsDone: Int64
    public let batches: Int
    public let firstTime: Int64?
    public let lastTime: Int64?
    public let digest: String?
    public let finishedAt: String?
    /// `finished`, `stopped`, `failed: <cause>`, or `nil` while running or interrupted.
    public let outcome: String?
    /// When `brain maintenance prune` removed its per-bar rows (`nil`: never).
    public var prunedAt: String? = nil

    public var isFinished: Bool { status == "finished" }

    /// The state a person is shown: `finished`, `stopped`, `failed: <cause>`, `running` (its
    /// recorder is alive) or `interrupted` (its recorder died: resumable).
    public func state(isAlive: (RunRecorderProcess) -> Bool) -> String {
        if isFinished { return outcome ?? "finished" }
        if let outcome, outcome.hasPrefix("failed") { return outcome }
        return recorder.map(isAlive) ?? false ? "running" : "interrupted"
    }
}

/// A process recording a run: a second process must not resume a run the first is still writing.
public struct RunRecorderProcess: Equatable, Sendable, CustomStringConvertible {
    public let pid: Int32
    public let host: String

    public init(pid: Int32, host: String) {
        self.pid = pid
        self.host = host
    }

    public var description: String { "process \(pid) on \(host)" }
}

/// A file a run read (configuration or market data), fingerprinted for the manifest and for the
/// check that a resumed run reads the same bytes.
public struct RunFile: Equatable, Sendable {
    public let role: String
    public let path: String
    public let sha256: String
    public let bytes: Int64

    public init(role: String, path: String, sha256: String, bytes: Int64) {
        self.role = role
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
    }
}

/// One row of the journal: an input (or, for bars, a stretch of consecutive bar inputs) with
/// its sequence number and event time.
public struct JournalEntry: Equatable, Sendable {
    public let sequence: Int64
    public let time: Int64
    public let type: String
    public let payload: String
}

extension JournalEntry {
    /// The plan or control this entry journaled, as the engine takes it; `nil` for bar stretches
    /// (their bars come from the feed).
    public func planOrControl() throws -> EngineInput? {
        let payload = Data(payload.utf8)
        switch type {
        case "plan": return .plan(try JSONDecoder().decode(Plan.self, from: payload), time: time)
        case "control": return .control(try JSONDecoder().decode(Control.self, from: payload), time: time)
        default: return nil
        }
    }
}
