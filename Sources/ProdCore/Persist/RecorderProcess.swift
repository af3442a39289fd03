import Foundation

extension RunRecorderProcess {
    /// This process.
    public static var current: RunRecorderProcess {
        RunRecorderProcess(pid: ProcessInfo.processInfo.processIdentifier, host: ProcessInfo.processInfo.hostName)
    }

    /// The programs that record runs: `brain` (backtests) and `prodcore-runner` (sessions).
    static let recorders: Set<String> = ["brain", "prodcore-runner"]

    /// Whether the recorder may still be running: on another host we cannot tell, so it may; on
    /// this one, when a process with its pid exists and runs a recording program (a recycled
    /// pid, or a dead process not yet reaped, does not count).
    public static func mayBeAlive(_ recorder: RunRecorderProcess) -> Bool {
        guard recorder.host == current.host else { return true }
        guard kill(recorder.pid, 0) == 0 || errno == EPERM else { return false }
        guard let program = programName(pid: recorder.pid) else { return true }
        return recorders.contains(program) || program == programName(pid: current.pid)
    }

    private static func programName(pid: Int32) -> String? {
        guard let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        let program = command.split(separator: 0).first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (program as NSString).lastPathComponent
    }
}
