import BrainOrchestrator
import Foundation
import ProdCore

/// What `brain start` prints at the end: how the run ended, its headline numbers and digest.
enum StartSummary {
    static func text(_ result: BrainSession.Result) -> String {
        let times = result.agentMicroseconds.sorted()
        func percentile(_ p: Double) -> String {
            times.isEmpty ? "-" : String(format: "%.0f µs", times[Swift.min(times.count - 1, Int(Double(times.count) * p))])
        }
        let summary = result.summary
        return """
            run \(result.runId) \(summary.state.rawValue)
            return \(String(format: "%.2f %%", summary.totalReturn * 100)), final equity \(summary.finalEquity) (from \(summary.initialCash)), \
            max drawdown \(String(format: "%.2f %%", summary.maxDrawdown * 100)), trades \(summary.trades), fees \(summary.fees), funding \(summary.funding)
            digest \(result.digest)
            report \(result.reportFolder)
            decisions \(result.decisions), plans sent \(result.plansSent) (\(result.plansRejected) rejected), runner restarts \(result.restarts)
            agents per decision: p50 \(percentile(0.5)), p99 \(percentile(0.99))
            """
    }

    static func json(_ result: BrainSession.Result) -> String {
        let summary = result.summary
        let object: [String: Any] = [
            "run_id": result.runId, "state": summary.state.rawValue, "digest": result.digest, "report": result.reportFolder,
            "decisions": result.decisions, "plans_sent": result.plansSent, "plans_rejected": result.plansRejected,
            "restarts": result.restarts, "total_return": summary.totalReturn, "initial_cash": summary.initialCash.doubleValue,
            "final_equity": summary.finalEquity.doubleValue, "max_drawdown": summary.maxDrawdown, "trades": summary.trades,
            "fees": summary.fees.doubleValue, "funding": summary.funding.doubleValue,
            "alerts": result.alerts.map { ["level": $0.level.rawValue, "code": $0.code, "message": $0.message] },
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }
}
