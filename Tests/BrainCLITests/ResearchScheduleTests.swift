import Foundation
import Testing

/// The ResearchAgent inside `brain start`: with research.every_hours a cycle starts on market
/// time, in its own low-priority process, its start and end in the brain's log; a cycle still
/// running when the session ends is stopped with it — no research process outlives the brain.
struct ResearchScheduleTests {
    @Test func aScheduledCycleStartsInItsOwnProcessAndEndsNoLaterThanTheSession() throws {
        let folder = try BrainProcess.temporaryFolder()
        var brain = try String(contentsOfFile: BrainProcess.repoRoot + "/configs/brain.yaml", encoding: .utf8)
        brain = brain.replacingOccurrences(of: "every_hours: 0", with: "every_hours: 4")
        try brain.write(toFile: folder + "/brain.yaml", atomically: true, encoding: .utf8)
        let session = try BrainCrashTests.Session(
            ["--config", folder + "/brain.yaml", "--speed", "3000", "--warm-up-days", "0", "--from", "2023-03-01", "--to", "2023-03-01",
             "--decision-interval", "5m"], folder: folder)
        let (status, _, errors) = try session.finish()
        #expect(status == 0, "\(errors)")
        let logs = try LogFilesTests.logs(folder)
        let events = try #require(logs.first { $0.key.hasPrefix("brain-") }?.value)
        let started = try #require(events.first { $0.event == "research_started" }, "\(events.map(\.event))")
        #expect(events.contains { $0.event == "research_finished" || $0.event == "research_stopped" }, "\(events.map(\.event))")
        let pid = try #require(Int32(started.fields["pid"] ?? ""))
        #expect(kill(pid, 0) != 0, "the research process \(pid) did not outlive the session")
        #expect(FileManager.default.fileExists(atPath: folder + "/logs/research-\(session.process.processIdentifier)-1.out"))
    }
}
