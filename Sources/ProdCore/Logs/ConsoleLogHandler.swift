import Logging

/// The console half of `EventLog`: the message alone, as a sentence (fields are for the JSON lines).
struct ConsoleLogHandler: LogHandler {
    let write: @Sendable (String) -> Void
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        guard event.metadata?[EventLog.fileOnly] == nil else { return }
        write("\(event.message)")
    }
}
