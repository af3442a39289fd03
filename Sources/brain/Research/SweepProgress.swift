import Foundation
import Synchronization

/// The sweep's progress on stderr: a bar with the combinations done and the time left, redrawn
/// in place on a terminal, a line per tenth otherwise (logs, CI).
final class SweepProgress: Sendable {
    private let started = ContinuousClock.now
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let lastTenth = Mutex(-1)

    func update(_ done: Int, of total: Int) {
        let share = Double(done) / Double(max(total, 1))
        let elapsed = (ContinuousClock.now - started) / .seconds(1)
        let left = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let text = String(format: "%d/%d combinations, %.0f s elapsed, about %.0f s left", done, total, elapsed, left)
        if isTerminal {
            let filled = Int(share * 30)
            FileHandle.standardError.write(Data("\r[\(String(repeating: "#", count: filled))\(String(repeating: " ", count: 30 - filled))] \(text)".utf8))
        } else {
            let tenth = Int(share * 10)
            guard lastTenth.withLock({ last in defer { last = max(last, tenth) }; return tenth > last }) else { return }
            FileHandle.standardError.write(Data("sweep \(tenth * 10) %: \(text)\n".utf8))
        }
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
