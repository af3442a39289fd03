import Foundation
import ProdCore

/// The progress of `brain start` on stderr: a redrawn bar on a terminal, a line every 10 %
/// otherwise (logs, CI); a live session prints a status line at decision points instead, at most
/// every 10 s. Thread-safe: the brain's log lines clear it first.
final class ProgressBar: @unchecked Sendable {
    private let period: Range<Int64>?
    private let live: Bool
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let lock = NSLock()
    private var lastDraw: ContinuousClock.Instant?
    private var lastTenth = -1
    private var drawn = false

    init(period: Range<Int64>?, live: Bool = false) {
        self.period = period
        self.live = live
    }

    func update(_ snapshot: DecisionSnapshot) {
        lock.withLock {
            if live {
                // At most one line per 10 s: a session catching up on a backfilled past decides fast.
                if let lastDraw, ContinuousClock.now - lastDraw < .seconds(10) { return }
                lastDraw = .now
                return FileHandle.standardError.write(Data("live \(Self.describeLive(snapshot))\n".utf8))
            }
            let fraction = period.map { Double(snapshot.decisionTime - $0.lowerBound) / Double($0.upperBound - $0.lowerBound) }
            let share = Swift.min(1, Swift.max(0, fraction ?? 0))
            // Called at every decision point: return before formatting anything when nothing is drawn.
            if isTerminal {
                if let lastDraw, ContinuousClock.now - lastDraw < .milliseconds(100) { return }
                lastDraw = .now
                let filled = Int(share * 30)
                let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled)
                FileHandle.standardError.write(Data("\r[\(bar)] \(String(format: "%3.0f", share * 100)) % \(Self.describe(snapshot))".utf8))
                drawn = true
            } else if fraction != nil, Int(share * 10) > lastTenth {
                lastTenth = Int(share * 10)
                FileHandle.standardError.write(Data("progress \(lastTenth * 10) %: \(Self.describe(snapshot))\n".utf8))
            }
        }
    }

    private static func describe(_ snapshot: DecisionSnapshot) -> String {
        let equity = String(format: "%.2f", snapshot.status.equity.doubleValue)
        let drawdown = String(format: "%.2f", snapshot.status.drawdown * 100)
        return "\(UTCTimestamp.iso8601(snapshot.decisionTime).prefix(16)) equity \(equity) drawdown \(drawdown) %"
    }

    /// The last closed bar of each symbol, equity, drawdown and the runner's guards.
    private static func describeLive(_ snapshot: DecisionSnapshot) -> String {
        let symbols = snapshot.symbols.map { "\($0.symbol):\($0.market) \($0.close.map { "\($0)" } ?? "—")" }.joined(separator: ", ")
        let status = snapshot.status
        let guards = [status.safeMode ? "SAFE MODE" : nil, status.killSwitch ? "KILL SWITCH" : nil, status.haltedForDay ? "halted for the day" : nil]
            .compactMap { $0 }.joined(separator: ", ")
        return "\(describe(snapshot)); closes \(symbols)\(guards.isEmpty ? "" : "; " + guards)"
    }

    /// Ends the bar's line so that other output starts on a fresh one.
    func clear() {
        lock.withLock {
            if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
            drawn = false
        }
    }

    func finish() { clear() }
}
