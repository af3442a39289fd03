import BrainOrchestrator
import Foundation

/// What `brain start` prints at the end.
enum StartSummary {
    static func text(_ result: BrainSession.Result) -> String {
        let times = result.agentMicroseconds.sorted()
        func percentile(_ p: Double) -> String {
            times.isEmpty ? "-" : String(format: "%.0f µs", times[Swift.min(times.count - 1, Int(Double(times.count) * p))])
        }
        return """
            run \(result.runId) finished
            digest \(result.digest)
            report \(result.reportFolder)
            decisions \(result.decisions), plans sent \(result.plansSent) (\(result.plansRejected) rejected), runner restarts \(result.restarts)
            agents per decision: p50 \(percentile(0.5)), p99 \(percentile(0.99))
            """
    }

    static func json(_ result: BrainSession.Result) -> String {
        let object: [String: Any] = [
            "run_id": result.runId, "digest": result.digest, "report": result.reportFolder, "decisions": result.decisions,
            "plans_sent": result.plansSent, "plans_rejected": result.plansRejected, "restarts": result.restarts,
            "alerts": result.alerts.map { ["level": $0.level.rawValue, "code": $0.code, "message": $0.message] },
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }
}
