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

    /// `text` as a JSON string: quotes, backslashes and control characters escaped. Byte by byte:
    /// a plan's canonical text goes into each `plan_applied` line, and appending it scalar by
    /// scalar to a `String` was a visible part of a lockstep replay's time.
    static func quoted(_ text: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}
