import BrainOrchestrator
import Foundation
import ProdCore

/// `brain status` for people and scripts: the current state apart from the alert history, in
/// natural units (prices, quantities and money as decimals, percentages as percent, times as
/// ISO 8601), built from the brain's status file.
struct StatusView {
    let status: BrainStatus

    /// An exact decimal of a fixed-point value: JSON prints it as written, not as a binary double.
    static func decimal(_ value: some FixedPoint8) -> NSDecimalNumber { NSDecimalNumber(string: value.description) }

    static func iso(_ time: Int64?) -> Any { time.map(UTCTimestamp.iso8601) ?? NSNull() }

    /// The day's loss so far and its limit, when the runner reported its day start.
    var dayLoss: (loss: Money, limit: Money)? {
        guard let runner = status.runner, let start = runner.dayStartEquity else { return nil }
        let loss = start - runner.equity
        return (loss.isPositive ? loss : .zero, start.times(runner.limits.maxDailyLoss, .down))
    }

    var json: [String: Any] {
        let runner = status.runner
        var current: [String: Any] = [
            "regimes": status.regimes, "enabled": status.enabled, "enable_map_version": status.mapVersion,
            "safe_mode": status.safeMode, "kill_switch": status.killSwitch, "halted_for_day": status.haltedForDay,
            "drawdown_pct": status.drawdown.map { NSDecimalNumber(value: ($0 * 10_000).rounded() / 100) } ?? NSNull(),
            "equity": status.equity.map(Self.decimal) ?? NSNull(),
        ]
        if let runner {
            current["cash"] = Self.decimal(runner.cash)
            current["positions"] = runner.positions.map { position -> [String: Any] in
                [
                    "strategy": position.strategy, "symbol": position.symbol, "market": position.market.rawValue,
                    "quantity": Self.decimal(position.quantity), "mark": Self.decimal(position.mark),
                ]
            }
            current["feed"] = [
                "event_time": Self.iso(runner.eventTime), "mode": runner.mode.rawValue, "state": runner.state.rawValue,
                "brain_connected": runner.brainConnected,
            ] as [String: Any]
        }
        if let dayLoss {
            current["day_loss"] = Self.decimal(dayLoss.loss)
            current["day_loss_limit"] = Self.decimal(dayLoss.limit)
        }
        current["runner"] = ["pid": status.runnerPid.map { $0 as Any } ?? NSNull(), "restarts": status.runnerRestarts] as [String: Any]
        return [
            "brain": [
                "pid": status.pid, "run_id": status.runId.map { $0 as Any } ?? NSNull(), "state": status.state, "decisions": status.decisions,
                "decision_time": Self.iso(status.decisionTime), "updated_at": status.updatedAt,
            ] as [String: Any],
            "now": current,
            "alerts": status.alerts.map { alert -> [String: Any] in
                [
                    "level": alert.level.rawValue, "code": alert.code, "message": alert.message, "count": alert.count,
                    "first_time": Self.iso(alert.firstTime), "last_time": Self.iso(alert.lastTime),
                ]
            },
        ]
    }

    var text: [String] {
        var lines = ["brain pid \(status.pid), run \(status.runId.map(String.init) ?? "-"), \(status.decisions) decisions, last at \(status.decisionTime.map(UTCTimestamp.iso8601) ?? "-")", "", "now"]
        let equity = status.equity.map { "\($0)" } ?? "-"
        let drawdown = status.drawdown.map { String(format: "%.2f %%", $0 * 100) } ?? "-"
        lines.append("  equity        \(equity) (cash \(status.runner.map { "\($0.cash)" } ?? "-")), drawdown \(drawdown)")
        if let dayLoss {
            lines.append("  day loss      \(dayLoss.loss) of \(dayLoss.limit) allowed\(status.haltedForDay ? " — entries halted for the day" : "")")
        }
        let positions = status.runner?.positions ?? []
        lines.append("  positions     " + (positions.isEmpty ? "none" : positions.map { "\($0.strategy) \($0.symbol):\($0.market.rawValue) \($0.quantity) @ \($0.mark)" }.joined(separator: "; ")))
        lines.append("  regimes       " + (status.regimes.isEmpty ? "warming up" : status.regimes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
        lines.append("  enabled       " + (status.enabled.isEmpty ? "none" : status.enabled.joined(separator: ", ")) + " (enable map \(status.mapVersion))")
        let flags = [("safe mode", status.safeMode), ("kill switch", status.killSwitch), ("halted for the day", status.haltedForDay)]
        let on = flags.filter(\.1).map(\.0)
        lines.append("  governor      " + (on.isEmpty ? "trading (no safe mode, kill switch or halt)" : on.joined(separator: ", ")))
        if let runner = status.runner {
            lines.append("  feed          last input \(runner.eventTime.map(UTCTimestamp.iso8601) ?? "-"), \(runner.mode.rawValue), runner \(runner.state.rawValue)")
        }
        lines.append("  runner        pid \(status.runnerPid.map(String.init) ?? "-"), restarts \(status.runnerRestarts)")
        lines.append("")
        lines.append(status.alerts.isEmpty ? "alerts        none" : "alerts (newest first)")
        for alert in status.alerts {
            let when = alert.lastTime.map(UTCTimestamp.iso8601) ?? "-"
            let repeated = alert.count > 1 ? " ×\(alert.count) since \(alert.firstTime.map(UTCTimestamp.iso8601) ?? "-")" : ""
            lines.append("  \(when)  \(alert.level.rawValue) \(alert.code)\(repeated): \(alert.message)")
        }
        return lines
    }
}
