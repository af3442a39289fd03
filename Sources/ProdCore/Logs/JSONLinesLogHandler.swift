import Foundation
import Logging

/// The file half of `EventLog`: one JSON object per line, keys in this order — `time` (UTC ISO
/// 8601, with milliseconds unless 0), `level`, `process`, `pid`, `run` (null until the process
/// serves one), `event`, `message` and `fields` (the event's own values as strings, keys sorted).
struct JSONLinesLogHandler: LogHandler {
    let file: LogFile
    let process: String
    let run: LogRun
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = [String: String]()
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
        let name = fields.removeValue(forKey: "event") ?? "message"
        fields[EventLog.fileOnly] = nil
        let time = UTCTimestamp.iso8601(Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
        var line = "{\"time\":\(Self.quoted(time)),\"level\":\(Self.quoted(event.level.rawValue)),\"process\":\(Self.quoted(process))"
        line += ",\"pid\":\(getpid()),\"run\":\(run.id.map(String.init) ?? "null"),\"event\":\(Self.quoted(name))"
        line += ",\"message\":\(Self.quoted("\(event.message)")),\"fields\":{"
        line += fields.keys.sorted().map { "\(Self.quoted($0)):\(Self.quoted(fields[$0]!))" }.joined(separator: ",") + "}}"
        file.append(line)
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, byte by byte
    /// (a plan's canonical text goes into each `plan_applied` line; appending it scalar by scalar
    /// to a `String` was a visible part of a lockstep replay's time).
    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        JSONText.appendString(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
