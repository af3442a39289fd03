import Foundation
import Logging
import Synchronization

/// What a process tells its operator, each event once, to two places: a sentence on the console
/// (stderr, for the person watching) and a JSON line in `storage/logs` (for scripts and for later:
/// time, process, pid, run, level, event, message, fields). docs/operations.md "Logs".
public struct EventLog: Sendable {
    private let logger: Logger
    private let run: LogRun
    /// The first JSON lines file, `nil` when only the console is written.
    public let file: String?

    /// Writes JSON lines to a new file `<folder>/<process>-<pid>-<UTC stamp>.jsonl` (a restart or
    /// the next start never reuses a file) and sentences to `console`. When the file cannot be
    /// made, says so on the console and goes on with the console alone: the logs are a record for
    /// people, the database is the run's.
    public static func open(
        process: String, folder: String, maxFileBytes: Int = LogFile.defaultMaxBytes, console: @escaping @Sendable (String) -> Void
    ) -> EventLog {
        let run = LogRun()
        do {
            let file = try LogFile(folder: folder, process: process, maxBytes: maxFileBytes)
            let logger = Logger(label: process) { _ in
                MultiplexLogHandler([
                    JSONLinesLogHandler(file: file, process: process, run: run), ConsoleLogHandler(write: console),
                ])
            }
            return EventLog(logger: logger, run: run, file: file.path)
        } catch {
            console("warning: no log file in \(folder) (\(error)); logging to the console only")
            return EventLog.console(console)
        }
    }

    /// Sentences to `console` only (tools and tests without a storage folder).
    public static func console(_ console: @escaping @Sendable (String) -> Void) -> EventLog {
        EventLog(logger: Logger(label: "console") { _ in ConsoleLogHandler(write: console) }, run: LogRun(), file: nil)
    }

    private init(logger: Logger, run: LogRun, file: String?) {
        var logger = logger
        logger.logLevel = .info
        self.logger = logger
        self.run = run
        self.file = file
    }

    /// The metadata key that keeps an event off the console.
    static let fileOnly = "file_only"

    /// Every later line carries this run id.
    public func setRun(_ id: Int64) { run.id = id }

    public enum Level: String, Sendable {
        case info, warning, error, critical

        /// An alert's level (`info`, `warning`, `critical`); anything else is an error.
        public init(alert: String) { self = Level(rawValue: alert) ?? .error }

        var logger: Logger.Level {
            switch self {
            case .info: .info
            case .warning: .warning
            case .error: .error
            case .critical: .critical
            }
        }
    }

    /// One event: `name` such as `plan_rejected`, `message` the sentence a person reads, `fields`
    /// the values a script wants without parsing the sentence; `console: false` for what the
    /// command prints itself (its final error), written to the file only.
    public func callAsFunction(
        _ name: String, _ message: String, level: Level = .info, console: Bool = true, _ fields: [String: String] = [:]
    ) {
        var metadata: Logger.Metadata = ["event": .string(name)]
        if !console { metadata[Self.fileOnly] = "true" }
        for (key, value) in fields { metadata[key] = .string(value) }
        logger.log(level: level.logger, "\(message)", metadata: metadata)
    }
}

/// The run a process serves, once known; shared by its log handlers.
final class LogRun: Sendable {
    private let value = Mutex<Int64?>(nil)
    var id: Int64? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
