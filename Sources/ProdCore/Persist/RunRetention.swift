import Foundation
import GRDB

/// What `brain maintenance prune` removes: the per-bar rows of finished runs outside the retention
/// window (equity blocks, snapshots, journal bar stretches, a live run's stored bars and funding
/// rates). The run's row (summary, digest, numbers), its files, plans, controls, governor events,
/// orders, fills, trades and funding payments stay: the audit trail and everything `brain report
/// list` shows. A run that is running, interrupted or failed (all resumable) is never touched.
public enum RunRetention {
    /// Runs whose per-bar rows are kept: the newest `keepRuns` finished runs and every run that
    /// finished within `keepDays`.
    public struct Policy: Sendable, Equatable {
        public var keepRuns: Int
        public var keepDays: Int

        public init(keepRuns: Int, keepDays: Int) {
            self.keepRuns = keepRuns
            self.keepDays = keepDays
        }
    }

    /// A finished run the policy lets go of, with the rows that would go and their estimated size.
    public struct Candidate: Sendable, Equatable, Codable {
        public let run: Int64
        public let kind: String
        public let finishedAt: String
        public let rows: [String: Int]
        public let bytes: Int64
    }

    /// The per-bar tables and the column each is deleted along, in chunks.
    static let tables: [(name: String, order: String, filter: String)] = [
        ("equity", "first_time", ""), ("snapshots", "input_seq", ""), ("journal", "seq", " AND type = 'bars'"),
        ("live_bars", "seq", ""), ("live_funding", "seq", ""),
    ]
    /// Rows deleted per transaction: a session writing beside the pruning waits at most one chunk.
    static let chunk = 2_000

    /// The runs `policy` lets go of, oldest first, as of `now`.
    public static func candidates(_ store: RunStore, policy: Policy, now: Date = Date()) throws(PersistError) -> [Candidate] {
        let cutoff = finishedBefore(days: policy.keepDays, now: now)
        return try store.database.read { db in
            let finished = try Row.fetchAll(db, sql: """
                SELECT id, kind, finished_at FROM runs
                WHERE status = 'finished' AND outcome IN ('finished', 'stopped') AND pruned_at IS NULL AND finished_at IS NOT NULL
                ORDER BY id DESC
                """)
            let bytesPerRow = try tableBytesPerRow(db)
            var candidates: [Candidate] = []
            for row in finished.dropFirst(policy.keepRuns) {
                let finishedAt: String = row["finished_at"]
                guard finishedAt <= cutoff else { continue }
                let id: Int64 = row["id"]
                var rows: [String: Int] = [:]
                var bytes: Double = 0
                for table in tables {
                    let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.name) WHERE run_id = ?\(table.filter)", arguments: [id]) ?? 0
                    guard count > 0 else { continue }
                    rows[table.name] = count
                    bytes += Double(count) * (bytesPerRow[table.name] ?? 0)
                }
                candidates.append(Candidate(run: id, kind: row["kind"], finishedAt: finishedAt, rows: rows, bytes: Int64(bytes)))
            }
            return candidates.reversed()
        }
    }

    /// The `finished_at` stamp `days` before `now`, in whole seconds as `RunStamp` writes it (a stamp
    /// with milliseconds would sort after every run of its second): runs finished at or before it
    /// are older than that.
    public static func finishedBefore(days: Int, now: Date = Date()) -> String {
        UTCTimestamp.iso8601(Int64(now.timeIntervalSince1970 - Double(days) * 86_400) * 1_000)
    }

    /// Removes `run`'s per-bar rows in short transactions and marks it pruned. Refuses a run that is
    /// not finished (it may still be resumed).
    public static func prune(_ store: RunStore, run: Int64, at stamp: String) throws(PersistError) {
        guard let stored = try store.run(run), stored.status == "finished", ["finished", "stopped"].contains(stored.outcome ?? "") else {
            throw PersistError.failed(path: store.database.path, reason: "run \(run) is not finished; a running, interrupted or failed run is never pruned")
        }
        for table in tables {
            while try store.write({ db -> Bool in
                let last = try Int64.fetchOne(
                    db, sql: "SELECT \(table.order) FROM \(table.name) WHERE run_id = ?\(table.filter) ORDER BY \(table.order) LIMIT 1 OFFSET ?",
                    arguments: [run, chunk - 1])
                try db.execute(
                    sql: "DELETE FROM \(table.name) WHERE run_id = ?\(table.filter) AND \(table.order) <= ?", arguments: [run, last ?? Int64.max])
                return last != nil
            }) {}
        }
        try store.write { db in try db.execute(sql: "UPDATE runs SET pruned_at = ? WHERE id = ?", arguments: [stamp, run]) }
    }

    /// Every table holding rows of a run, the run's own row last.
    static let runTables = [
        "run_files", "journal", "orders", "order_rejections", "fills", "trades", "positions", "equity", "plans", "governor_events",
        "funding_payments", "snapshots", "live_bars", "live_funding",
    ]

    /// Removes every row of finished `run` (`brain report delete`): the per-bar rows in short
    /// transactions, then the rest and the run's row in one.
    public static func delete(_ store: RunStore, run: Int64) throws(PersistError) {
        try prune(store, run: run, at: RunStamp.now())
        try store.write { db in
            for table in runTables { try db.execute(sql: "DELETE FROM \(table) WHERE run_id = ?", arguments: [run]) }
            try db.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [run])
        }
    }

    /// Bytes per row of each per-bar table (SQLite's `dbstat`, pages over rows); empty when this
    /// SQLite was built without it.
    private static func tableBytesPerRow(_ db: Database) throws -> [String: Double] {
        var result: [String: Double] = [:]
        guard let pages = try? Row.fetchAll(db, sql: "SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name") else { return result }
        let bytes = Dictionary(uniqueKeysWithValues: pages.map { ($0["name"] as String, $0["bytes"] as Int64) })
        for table in tables {
            let rows = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.name)") ?? 0
            if rows > 0, let size = bytes[table.name] { result[table.name] = Double(size) / Double(rows) }
        }
        return result
    }
}
