import GRDB

/// Why the database could not be used. Nothing is written when one of these is thrown.
public enum PersistError: Error, Equatable, Sendable, CustomStringConvertible {
    case newerSchema(path: String, unknownMigrations: [String])
    case locked(path: String)
    case readOnly(path: String)
    case corrupt(path: String, reason: String)
    /// `PRAGMA quick_check` found damage (a database opened with `verify`).
    case damaged(path: String, problem: String)
    case full(path: String)
    case failed(path: String, reason: String)

    public var description: String {
        switch self {
        case .newerSchema(let path, let unknown):
            "\(path): written by a newer Crupto (unknown schema migrations: \(unknown.joined(separator: ", "))); refusing to open it"
        case .locked(let path): "\(path): database is locked by another process; try again when it has finished"
        case .readOnly(let path): "\(path): database is read-only; check the file and folder permissions"
        case .corrupt(let path, let reason): "\(path): not a valid Crupto database (\(reason)); \(Self.recovery(path))"
        case .damaged(let path, let problem): "\(path) is damaged (\(problem)); \(Self.recovery(path))"
        case .full(let path): "\(path): disk full; nothing was written"
        case .failed(let path, let reason): "\(path): \(reason)"
        }
    }

    private static func recovery(_ path: String) -> String {
        "save what it holds with `sqlite3 \(path) .recover | sqlite3 recovered.db`, or start on a new file with --db"
    }

    /// Classifies an SQLite failure of the database at `path`.
    static func from(_ error: any Error, path: String) -> PersistError {
        if let persist = error as? PersistError { return persist }
        guard let database = error as? DatabaseError else { return .failed(path: path, reason: "\(error)") }
        switch database.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .locked(path: path)
        case .SQLITE_READONLY: return .readOnly(path: path)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: return .corrupt(path: path, reason: database.message ?? "corrupt")
        case .SQLITE_FULL: return .full(path: path)
        case .SQLITE_CANTOPEN: return .failed(path: path, reason: "cannot open database file")
        case .SQLITE_IOERR:
            return .failed(path: path, reason: "cannot write the database file (\(database.message ?? "I/O error")): is it immutable, read-only or on a failing disk?")
        default: return .failed(path: path, reason: database.message ?? "\(database)")
        }
    }
}
