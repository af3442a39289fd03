/// `run.log`: the run's story in event-time order — plans (each once), kill-switch controls,
/// governor events, trades and funding payments — between its start and finish lines.
enum RunLog {
    static func text(_ report: RunReport, controls: [JournalEntry]) -> String {
        var entries: [(time: Int64, order: Int, text: String)] = []
        // Each plan once: its text names its source; the governor's `plan_applied` event repeats it.
        for plan in report.plans {
            let verdict = plan.applied ? "applied" : "REJECTED (\(plan.reasons.joined(separator: "; ")))"
            entries.append((plan.time ?? Int64.min, 0, "plan \(verdict): \(plan.text)"))
        }
        for control in controls { entries.append((control.time, 1, "control \(control.payload)")) }
        for event in report.governorEvents where event.kind != .planApplied {
            entries.append((event.time, 2, "governor \(event.kind.rawValue): \(event.detail)"))
        }
        for payment in report.fundingPayments {
            entries.append((payment.time, 3, "funding \(payment.strategy) rate \(payment.rate) on \(payment.position): paid \(payment.amount)"))
        }
        for trade in report.trades {
            entries.append((trade.entryTime, 4, "open \(trade.strategy) \(trade.side.rawValue) \(trade.quantity) @ \(trade.entryPrice)"))
            entries.append((
                trade.exitTime, 5,
                "close \(trade.strategy) @ \(trade.exitPrice) (\(trade.exitReason.rawValue)): pnl \(trade.pnl), fees \(trade.fees), funding \(trade.funding)"))
        }
        entries.sort { ($0.time, $0.order) < ($1.time, $1.order) }
        let run = report.run
        var lines = ["\(run.startedAt) run \(run.id) (\(run.kind)) started; code \(run.codeVersion)"]
        lines += entries.map { entry in
            (entry.time == Int64.min ? "start" : UTCTimestamp.iso8601(entry.time)) + " " + entry.text
        }
        lines.append(
            "\(run.finishedAt ?? "-") run \(run.id) \(run.status): \(run.inputsDone) inputs in \(run.batches) batches, digest \(run.digest ?? "-")")
        return lines.joined(separator: "\n") + "\n"
    }
}
