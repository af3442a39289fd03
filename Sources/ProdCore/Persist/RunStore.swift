import Foundation
import GRDB

/// Runs, their journal and everything they produced, in `storage/crupto.db`.
public struct RunStore: Sendable {
    public let database: CruptoDatabase

    public init(database: CruptoDatabase) {
        self.database = database
    }

    public func createRun(
        kind: String, settings: String, codeVersion: String, startedAt: String, config: EngineConfig,
        recorder: RunRecorderProcess
    ) throws(PersistError) -> Int64 {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (kind, started_at, status, settings, code_version, timeframe, initial_cash, recorder_pid,
                        recorder_host)
                    VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    kind, startedAt, settings, codeVersion, config.baseTimeframe.rawValue, config.initialCash.raw, recorder.pid,
                    recorder.host,
                ])
            return db.lastInsertedRowID
        }
    }

    /// Makes `recorder` the process recording run `id` (a failure recorded earlier is cleared: it runs again).
    public func setRecorder(run id: Int64, _ recorder: RunRecorderProcess) throws(PersistError) {
        try write { db in
            try db.execute(
                sql: "UPDATE runs SET recorder_pid = ?, recorder_host = ?, outcome = NULL WHERE id = ?",
                arguments: [recorder.pid, recorder.host, id])
        }
    }

    /// Records why run `id` failed: a running run stays resumable (`brain start --resume`); a
    /// finished one whose report could not be written keeps its tables (`brain report export`).
    public func markFailed(run id: Int64, cause: String) throws(PersistError) {
        try write { db in
            try db.execute(sql: "UPDATE runs SET outcome = ? WHERE id = ?", arguments: ["failed: \(cause)", id])
        }
    }

    public func recordFiles(run: Int64, _ files: [RunFile]) throws(PersistError) {
        try write { db in
            for file in files {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO run_files (run_id, role, path, sha256, bytes) VALUES (?, ?, ?, ?, ?)",
                    arguments: [run, file.role, file.path, file.sha256, file.bytes])
            }
        }
    }

    /// Writes a batch in one transaction: after a crash either all of it is stored or none.
    public func commit(_ batch: RunBatch) throws(PersistError) {
        try write { db in try batch.write(db) }
    }

    /// Marks the run finished with its digest; `stopped` when a stop ended it before its feed did.
    public func finish(run: Int64, digest: String, finishedAt: String, stopped: Bool = false) throws(PersistError) {
        try write { db in
            try db.execute(
                sql: "UPDATE runs SET status = 'finished', outcome = ?, digest = ?, finished_at = ? WHERE id = ?",
                arguments: [stopped ? "stopped" : "finished", digest, finishedAt, run])
        }
    }

    public func run(_ id: Int64) throws(PersistError) -> StoredRun? {
        try database.read { db in try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]).map(Self.run) }
    }

    public func runs() throws(PersistError) -> [StoredRun] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id").map(Self.run) }
    }

    public func files(run: Int64) throws(PersistError) -> [RunFile] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run_files WHERE run_id = ? ORDER BY role, path", arguments: [run]).map {
                RunFile(role: $0["role"], path: $0["path"], sha256: $0["sha256"], bytes: $0["bytes"])
            }
        }
    }

    /// The latest snapshot of a run: the input sequence number it was taken after, and the state.
    public func snapshot(run: Int64) throws(PersistError) -> (inputSequence: Int64, state: Data)? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT input_seq, state FROM snapshots WHERE run_id = ?", arguments: [run]).map {
                ($0["input_seq"], $0["state"])
            }
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(PersistError) -> T {
        do {
            return try database.write(body)
        } catch {
            throw PersistError.from(error, path: database.path)
        }
    }

    private static func run(_ row: Row) throws -> StoredRun {
        StoredRun(
            id: row["id"], kind: row["kind"], startedAt: row["started_at"], status: row["status"], settings: row["settings"],
            codeVersion: row["code_version"], timeframe: try .decode(row, "timeframe"), initialCash: Money(raw: row["initial_cash"]),
            recorder: (row["recorder_pid"] as Int32?).map { RunRecorderProcess(pid: $0, host: row["recorder_host"] ?? "") },
            inputsDone: row["inputs_done"], batches: row["batches"],
            firstTime: row["first_time"], lastTime: row["last_time"], digest: row["digest"], finishedAt: row["finished_at"],
            outcome: row["outcome"], prunedAt: row["pruned_at"])
    }
}
