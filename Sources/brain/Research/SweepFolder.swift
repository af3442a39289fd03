import AgentTools
import Foundation
import ProdCore

/// A sweep's result folder, `reports/research_<UTC stamp>_<id>[_shard-I-of-N]/`: sweep.parquet,
/// sweep.csv, summary.md, heatmap.svg and sweep.json. The files depend on the result only (no
/// time, no shard of a merged result), so a merged sweep writes the same bytes as the unsharded one.
enum SweepFolder {
    static func write(_ result: SweepResult, reports: String) throws -> String {
        let table = SweepTable.table(result)
        return try ResearchFolder.write(
            kind: "research", id: result.definition.id,
            suffix: result.shard.count > 1 ? "_shard-\(result.shard.index)-of-\(result.shard.count)" : "",
            files: [
                ("sweep.parquet", Data(ParquetWriter.data(table))), ("sweep.csv", Data(CSVTable.bytes(table))),
                ("summary.md", Data(SweepSummary.markdown(result).utf8)), ("heatmap.svg", Data(SweepHeatMap.svg(result).utf8)),
                ("sweep.json", try result.json()),
            ], reports: reports)
    }

    /// The table as a JSON array, an object per combination with the parameters by name.
    static func tableJSON(_ result: SweepResult) throws -> String {
        let objects = result.rows.map { row -> [String: Any] in
            var object: [String: Any] = [
                "combination": row.index, "trades": row.trades, "total_return": row.totalReturn, "max_drawdown": row.maxDrawdown,
                "exposure": row.exposure, "fees": "\(Money(raw: row.fees))", "final_equity": "\(Money(raw: row.finalEquity))",
                "digest": row.digest, "objective": row.objective ?? NSNull(), "profit_factor": row.profitFactor ?? NSNull(),
                "sharpe": row.sharpe ?? NSNull(), "sortino": row.sortino ?? NSNull(), "win_rate": row.winRate ?? NSNull(),
            ]
            for (name, value) in zip(result.definition.parameters, row.parameters) { object[name] = value }
            return object
        }
        let data = try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
