import Foundation
import GRDB

/// The SQLite database (`storage/crupto.db`): the one place that opens it, in WAL mode,
/// with versioned migrations.
public final class CruptoDatabase: Sendable {
    public static let defaultPath = "storage/crupto.db"

    public let path: String
    let writer: DatabasePool

    /// Opens (creating if needed) and migrates the database at `path`.
    ///
    /// A database whose schema has migrations this build does not know is refused. A write that
    /// finds the database locked by another process waits up to `busyTimeout` seconds. With
    /// `verify`, a damaged file (`PRAGMA quick_check`, one read of the whole file) is refused
    /// before anything is written to it: the runner verifies before a run records into it.
    public init(path: String, busyTimeout: Double = 5, verify: Bool = false) throws(PersistError) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        do {
            writer = try Self.retryingWhileAnotherOpenerWrites(for: busyTimeout) {
                let pool = try DatabasePool(path: path, configuration: configuration)
                if verify {
                    let problems = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(3)") }
                    guard problems == ["ok"] else {
                        throw PersistError.damaged(path: path, problem: problems.joined(separator: "; ").replacingOccurrences(of: "\n", with: "; "))
                    }
                }
                let migrator = Self.migrator
                let unknown = try pool.read { db in
                    try migrator.hasBeenSuperseded(db)
                        ? try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
                        : []
                }
                guard unknown.isEmpty else { throw PersistError.newerSchema(path: path, unknownMigrations: unknown) }
                try migrator.migrate(pool)
                return pool
            }
        } catch {
            throw PersistError.from(error, path: path)
        }
    }

    /// Opens a pool and applies the migrations not applied yet, again while another process is doing
    /// the same. Processes opening a new or older file at once (a runner starting, `brain status`
    /// beside it) race: the slower one sees a migration missing and fails applying it with a plain
    /// SQL error ("table … already exists", "duplicate column name"), or its transaction, begun
    /// before the other committed, gets `SQLITE_BUSY` at once (SQLite does not wait when waiting
    /// could not help: the snapshot is stale). Tried again, it finds the work done. Other failures
    /// (a full disk, a read-only or damaged file) are not retried; a lock held longer than
    /// `timeout` seconds is reported as locked.
    private static func retryingWhileAnotherOpenerWrites(for timeout: Double, _ open: () throws -> DatabasePool) throws -> DatabasePool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(max(timeout, 0.2) * 1_000))
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try open()
            } catch let error as DatabaseError where ContinuousClock.now < deadline
                && [.SQLITE_ERROR, .SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) {
                Thread.sleep(forTimeInterval: 0.01 * Double(min(attempt, 10)))
            }
        }
    }

    /// Every schema change, in order. Append new migrations; never edit a released one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1_market_data") { db in
            try db.execute(sql: """
                CREATE TABLE market_data (
                    market TEXT NOT NULL,
                    symbol TEXT NOT NULL,
                    interval TEXT NOT NULL,
                    open_time INTEGER NOT NULL,
                    open INTEGER NOT NULL,
                    high INTEGER NOT NULL,
                    low INTEGER NOT NULL,
                    close INTEGER NOT NULL,
                    volume INTEGER NOT NULL,
                    quote_volume INTEGER NOT NULL,
                    trade_count INTEGER NOT NULL,
                    taker_buy_base_volume INTEGER NOT NULL,
                    taker_buy_quote_volume INTEGER NOT NULL,
                    PRIMARY KEY (market, symbol, interval, open_time)
                ) WITHOUT ROWID
                """)
        }
        migrator.registerMigration("v2_runs", migrate: RunSchema.create)
        migrator.registerMigration("v3_plan_ids") { db in
            try db.execute(sql: "ALTER TABLE plans ADD COLUMN plan_id TEXT")
        }
        // How a run ended: `finished`, `stopped` (both with a digest) or `failed: <cause>` (still
        // resumable once the cause is fixed); NULL while it runs or after it was interrupted.
        migrator.registerMigration("v4_run_outcome") { db in
            try db.execute(sql: "ALTER TABLE runs ADD COLUMN outcome TEXT")
        }
        // CRC-32 of each equity block: SQLite checks its pages' structure, not the bytes of a
        // blob, so damage inside a block would read back as other numbers. NULL for older rows.
        migrator.registerMigration("v5_equity_checksums") { db in
            try db.execute(sql: "ALTER TABLE equity ADD COLUMN crc32 INTEGER")
        }
        // A runner answers a re-sent plan id from the store once the plan left its memory.
        migrator.registerMigration("v6_plans_by_id") { db in
            try db.execute(sql: "CREATE INDEX plans_by_id ON plans(run_id, plan_id)")
        }
        // A live run's bars: what a replay reads from files, a live run can only read from here
        // (a resume replays them, `brain report reproduce` too, and the report exports them).
        migrator.registerMigration("v7_live_bars") { db in
            try db.execute(sql: """
                CREATE TABLE live_bars (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    instrument INTEGER NOT NULL,
                    symbol TEXT NOT NULL,
                    market TEXT NOT NULL,
                    open_time INTEGER NOT NULL,
                    open INTEGER NOT NULL, high INTEGER NOT NULL, low INTEGER NOT NULL, close INTEGER NOT NULL,
                    volume INTEGER NOT NULL, quote_volume INTEGER NOT NULL, trades INTEGER NOT NULL,
                    taker_buy_base INTEGER NOT NULL, taker_buy_quote INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    PRIMARY KEY (run_id, seq),
                    UNIQUE (run_id, instrument, open_time)
                ) WITHOUT ROWID
                """)
        }
        // A live run's USDT-M funding rates as the exchange published them, numbered in the same
        // sequence as its bars (`seq`: the position among the run's live inputs).
        migrator.registerMigration("v8_live_funding") { db in
            try db.execute(sql: """
                CREATE TABLE live_funding (
                    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    instrument INTEGER NOT NULL,
                    symbol TEXT NOT NULL,
                    time INTEGER NOT NULL,
                    rate INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    PRIMARY KEY (run_id, seq),
                    UNIQUE (run_id, instrument, time)
                ) WITHOUT ROWID
                """)
        }
        // When `brain maintenance prune` removed a finished run's per-bar rows (NULL: never).
        migrator.registerMigration("v9_run_pruned") { db in
            try db.execute(sql: "ALTER TABLE runs ADD COLUMN pruned_at TEXT")
        }
        // The audit trail of `brain research promote` and `demote`: what changed, on which gate report, why.
        migrator.registerMigration("v10_promotions") { db in
            try db.execute(sql: """
                CREATE TABLE promotions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, action TEXT NOT NULL, candidate TEXT NOT NULL,
                    gate_report TEXT, gate_sha256 TEXT, override_reason TEXT,
                    registry_before TEXT NOT NULL, registry_after TEXT NOT NULL, enable_map_before TEXT NOT NULL, enable_map_after TEXT NOT NULL)
                """)
        }
        // What the ResearchAgent proposed: a generated candidate and its gate's verdict.
        migrator.registerMigration("v11_research_proposals") { db in
            try db.execute(sql: """
                CREATE TABLE research_proposals (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, candidate TEXT NOT NULL, file TEXT NOT NULL,
                    gate_report TEXT, passed INTEGER NOT NULL, parameters TEXT NOT NULL, promoted INTEGER NOT NULL, note TEXT)
                """)
        }
        return migrator
    }

    /// Moves what the write-ahead log holds into the database file, and throws when it cannot be
    /// written: SQLite's own checkpoints after commits fail silently (a file made immutable or
    /// read-only under a run would let the log grow without bound while every commit succeeds).
    public func checkpoint() throws(PersistError) {
        do {
            try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        } catch {
            throw PersistError.from(error, path: path)
        }
    }

    /// Rewrites the file without its free pages (`VACUUM`), the write-ahead log moved in and
    /// truncated first and after. It holds the write lock throughout: not while a run records.
    public func vacuum() throws(PersistError) {
        do {
            try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                try db.execute(sql: "VACUUM")
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        } catch {
            throw PersistError.from(error, path: path)
        }
    }

    /// Pages in the file and pages free in it (what `VACUUM` would give back), and the page size.
    public func pages() throws(PersistError) -> (total: Int64, free: Int64, size: Int64) {
        try read { db in
            (try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0, try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0,
             try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
        }
    }

    /// Runs `body` in one write transaction: all of it is committed, or none of it.
    /// SQLite failures become `PersistError`; errors thrown by `body` itself pass through.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch let error as DatabaseError {
            throw PersistError.from(error, path: path)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(PersistError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw PersistError.from(error, path: path)
        }
    }
}
