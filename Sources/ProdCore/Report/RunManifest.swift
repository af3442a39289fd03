import Foundation

/// `manifest.json`: what is needed to reproduce the run and to check a copy of its report —
/// code version, command, the SHA-256 of every configuration and data file it read, seeds (none:
/// the engine uses no randomness), plan count, digest, key numbers and every report file's hash.
enum RunManifest {
    static func json(
        _ report: RunReport, settings: [String], files: [(name: String, sha256: String, bytes: Int, rows: Int?)]?
    ) throws -> String {
        let run = report.run
        let figures = report.metrics.figures
        let read = { (role: String) in
            report.files.filter { $0.role == role }.map { ["path": $0.path, "sha256": $0.sha256, "bytes": $0.bytes] as [String: Any] }
        }
        let optional = { (value: Double?) -> Any in value.map { $0 as Any } ?? NSNull() }
        var manifest: [String: Any] = [
            "run_id": run.id,
            "kind": run.kind,
            "status": run.status,
            "started_at": run.startedAt,
            "finished_at": run.finishedAt ?? NSNull(),
            "code_version": run.codeVersion,
            "command": settings,
            "reproduce": "brain report reproduce \(run.id)",
            "seeds": [String: Any](),
            "randomness": "none: the engine is deterministic; the same command and files give the same digest",
            "timeframe": run.timeframe.rawValue,
            "inputs": run.inputsDone,
            "plan_count": report.plans.count,
            "digest": run.digest ?? NSNull(),
            "configs": read("config"),
            "data": read("data"),
            "metrics": [
                "initial_cash": figures.initialCash.description,
                "final_equity": figures.finalEquity.description,
                "total_return": figures.totalReturn,
                "max_drawdown": figures.maxDrawdown,
                "sharpe": optional(figures.sharpe),
                "sortino": optional(figures.sortino),
                "profit_factor": optional(figures.trades.profitFactor),
                "win_rate": optional(figures.trades.winRate),
                "exposure": figures.exposure,
                "trades": figures.trades.count,
                "fees": figures.fees.description,
                "funding": figures.funding.description,
            ] as [String: Any],
        ]
        if let files {
            manifest["files"] = files.map { file -> [String: Any] in
                var entry: [String: Any] = ["name": file.name, "sha256": file.sha256, "bytes": file.bytes]
                if let rows = file.rows { entry["rows"] = rows }
                return entry
            }
        }
        let data = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
