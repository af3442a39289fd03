import Foundation
import ProdCore

extension RunRecorderProcess {
    /// This `brain` process.
    static var current: RunRecorderProcess {
        RunRecorderProcess(pid: ProcessInfo.processInfo.processIdentifier, host: ProcessInfo.processInfo.hostName)
    }

    /// Whether the recorder may still be running: on another host we cannot tell, so it may; on
    /// this one, when a process with its pid exists and is a `brain` (a recycled pid is not).
    static func mayBeAlive(_ recorder: RunRecorderProcess) -> Bool {
        guard recorder.host == current.host else { return true }
        guard kill(recorder.pid, 0) == 0 || errno == EPERM else { return false }
        guard let command = FileManager.default.contents(atPath: "/proc/\(recorder.pid)/cmdline") else { return true }
        let program = command.split(separator: 0).first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (program as NSString).lastPathComponent == "brain"
    }
}
