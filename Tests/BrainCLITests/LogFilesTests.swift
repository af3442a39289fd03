import Foundation
import Testing

/// The JSON lines logs of a real `brain start` in storage/logs: one file per process, every line
/// valid, the events that matter there with their run id — and a killed runner, a restarted
/// runner and the next `brain start` each write their own file, never over an earlier one.
@Suite(.serialized) struct LogFilesTests {
    static let period = ["--from", "2023-02-01", "--to", "2023-02-05", "--decision-interval", "5m"]

    struct Line {
        let file: String
        let object: [String: Any]
        var event: String { object["event"] as? String ?? "" }
        var fields: [String: String] { object["fields"] as? [String: String] ?? [:] }
    }

    static func logs(_ folder: String) throws -> [String: [Line]] {
        let logs = folder + "/logs"
        var files: [String: [Line]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: logs) where name.hasSuffix(".jsonl") {
            let text = try String(contentsOfFile: logs + "/" + name, encoding: .utf8)
            #expect(text.hasSuffix("\n"), "\(name) ends in a whole line")
            files[name] = try text.split(separator: "\n").enumerated().map { index, line in
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(name):\(index + 1) is not JSON: \(line)")
                for key in ["time", "level", "process", "pid", "run", "event", "message", "fields"] {
                    #expect(object[key] != nil, "\(name):\(index + 1) has no \(key)")
                }
                return Line(file: name, object: object)
            }
        }
        return files
    }

    @Test func aKilledRunnerAndTheNextStartEachKeepTheirOwnFileOfValidJSONLines() throws {
        let folder = try BrainProcess.temporaryFolder()
        let session = try BrainCrashTests.Session(
            ["--config", try BrainCrashTests.brainConfig(in: folder, restarts: 10)] + Self.period, folder: folder)
        session.waitForDecisions(200)
        let first = try #require(session.runner())
        #expect(kill(first, SIGKILL) == 0)
        let (status, summary, errors) = try session.finish()
        #expect(status == 0, "\(errors)")
        #expect(summary["restarts"] as? Int == 1, "\(errors)")
        let runId = BrainCrashTests.runId(summary)

        let logs = try Self.logs(folder)
        let brains = logs.filter { $0.key.hasPrefix("brain-") }
        let runners = logs.filter { $0.key.hasPrefix("runner-") }
        #expect(brains.count == 1 && runners.count == 2, "\(logs.keys.sorted())")
        let killed = try #require(runners.first { $0.key.hasPrefix("runner-\(first)-") }?.value, "the killed runner's file stays")
        let restarted = try #require(runners.first { !$0.key.hasPrefix("runner-\(first)-") }?.value)
        let brain = try #require(brains.first?.value)

        // The runner: its run started, plans applied with their decision time, the resumed run.
        #expect(killed.contains { $0.event == "run_started" } && killed.contains { $0.event == "plan_applied" && $0.fields["event_time"] != nil })
        #expect(restarted.contains { $0.event == "run_resumed" })
        #expect(restarted.contains { $0.event == "run_finished" && $0.fields["digest"] == summary["digest"] as? String })
        for line in killed + restarted where line.event != "sandbox" {
            #expect((line.object["run"] as? NSNumber)?.int64Value == runId, "\(line.file): \(line.object)")
        }
        // The brain: the crash as an alert, the restart, the end with the digest printed.
        #expect(brain.contains { $0.event == "alert" && $0.fields["code"] == "runner_crashed" && $0.object["level"] as? String == "critical" })
        #expect(brain.contains { $0.event == "runner_restarted" && $0.fields["restarts"] == "1" })
        #expect(brain.contains { $0.event == "session_ended" && $0.fields["digest"] == summary["digest"] as? String })

        // The next start in the same storage writes new files and leaves these byte for byte.
        let before = try Self.bytes(folder)
        let next = try BrainCrashTests.Session(Self.period, folder: folder)
        #expect(try next.finish().status == 0)
        let after = try Self.bytes(folder)
        #expect(after.count == before.count + 2)
        for (name, data) in before { #expect(after[name] == data, "\(name) was changed by the next start") }
    }

    static func bytes(_ folder: String) throws -> [String: Data] {
        let logs = folder + "/logs"
        let names = try FileManager.default.contentsOfDirectory(atPath: logs).filter { $0.hasSuffix(".jsonl") }
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: logs + "/" + $0))) })
    }
}
