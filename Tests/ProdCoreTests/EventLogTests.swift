import Foundation
import Synchronization
import Testing

@testable import ProdCore

/// The JSON lines of `EventLog`: every line one valid object with the documented keys in order,
/// whatever a message holds, rotated by size without losing or reordering a line.
@Suite struct EventLogTests {
    static let keys = ["time", "level", "process", "pid", "run", "event", "message", "fields"]

    static func lines(in folder: String) throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".jsonl") }
        // `…Z.jsonl`, then `…Z-2.jsonl`, `…Z-3.jsonl`: the order they were written in.
        let ordered = files.sorted { part($0) < part($1) }
        return try ordered.flatMap { try String(contentsOfFile: folder + "/" + $0, encoding: .utf8).split(separator: "\n").map(String.init) }
    }

    static func part(_ name: String) -> Int {
        let stem = name.dropLast(".jsonl".count)
        return stem.hasSuffix("Z") ? 1 : Int(stem.split(separator: "-").last!)!
    }

    @Test func everyLineIsOneObjectWithTheKeysInOrderWhateverTheMessageHolds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eventlog-\(UUID())").path
        let console = Mutex<[String]>([])
        let log = EventLog.open(process: "tester", folder: folder) { line in console.withLock { $0.append(line) } }
        let hostile = ["quote \" and backslash \\ ", "new\nline\r\ttab", "nul \u{0} bell \u{7} esc \u{1B}", "ünïcødé ✓ 🚀", "{\"json\":[1,2]}", ""]
        log("before_run", "no run yet")
        log.setRun(42)
        for (index, text) in hostile.enumerated() {
            log("hostile_\(index)", text, level: .warning, [text: text, "index": "\(index)"])
        }
        log("quiet", "only in the file", console: false)
        let lines = try Self.lines(in: folder)
        #expect(lines.count == hostile.count + 2)
        for (index, line) in lines.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "line \(index + 1): \(line)")
            #expect(Set(object.keys) == Set(Self.keys))
            let positions = Self.keys.map { line.range(of: "\"\($0)\":")!.lowerBound }
            #expect(positions == positions.sorted(), "keys out of order: \(line)")
            #expect(object["process"] as? String == "tester" && object["pid"] as? Int == Int(getpid()))
            if index > 0 { #expect(object["run"] as? Int == 42) } else { #expect(object["run"] is NSNull) }
        }
        for (index, text) in hostile.enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(lines[index + 1].utf8)) as! [String: Any]
            #expect(object["message"] as? String == text && object["event"] as? String == "hostile_\(index)")
            #expect(object["level"] as? String == "warning")
            #expect((object["fields"] as? [String: String]) == [text: text, "index": "\(index)"])
        }
        #expect(console.withLock { $0 } == ["no run yet"] + hostile, "the console gets each sentence, the file-only event not")
    }

    @Test func aFullFileGoesOnInTheNextWithNothingLostOrReordered() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eventlog-\(UUID())").path
        let log = EventLog.open(process: "rotating", folder: folder, maxFileBytes: 4_096) { _ in }
        for number in 0..<500 { log("tick", "line \(number)", ["number": "\(number)"]) }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files.count > 10, "\(files)")
        for file in files {
            let size = try FileManager.default.attributesOfItem(atPath: folder + "/" + file)[.size] as! Int
            #expect(size <= 4_096, "\(file): \(size) bytes")
        }
        let numbers = try Self.lines(in: folder).map { line in
            ((try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["fields"] as! [String: String])["number"]!
        }
        #expect(numbers == (0..<500).map(String.init))
    }

    @Test func aFolderThatCannotBeWrittenLeavesTheConsole() throws {
        let console = Mutex<[String]>([])
        let log = EventLog.open(process: "tester", folder: "/proc/no-logs-here") { line in console.withLock { $0.append(line) } }
        log("still_said", "said on the console")
        #expect(log.file == nil)
        let said = console.withLock { $0 }
        #expect(said.count == 2 && said[0].hasPrefix("warning: no log file in /proc/no-logs-here") && said[1] == "said on the console")
    }
}
