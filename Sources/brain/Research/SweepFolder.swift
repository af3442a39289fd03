import AgentTools
import Foundation
import ProdCore

/// A sweep's result folder, `reports/research_<UTC stamp>_<id>[_shard-I-of-N]/`: sweep.parquet,
/// sweep.csv, summary.md, heatmap.svg and sweep.json. Built under a temporary name and renamed
/// when complete; the files depend on the result only (no time, no shard of a merged result), so
/// a merged sweep writes the same bytes as the unsharded one.
enum SweepFolder {
    static func write(_ result: SweepResult, reports: String) throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let shard = result.shard.count > 1 ? "_shard-\(result.shard.index)-of-\(result.shard.count)" : ""
        let folder = "\(reports)/research_\(formatter.string(from: Date()))_\(result.definition.id)\(shard)"
        let partial = folder + ".partial"
        let files = FileManager.default
        do {
            try? files.removeItem(atPath: partial)
            try files.createDirectory(atPath: partial, withIntermediateDirectories: true)
            let table = SweepTable.table(result)
            try Data(ParquetWriter.data(table)).write(to: URL(fileURLWithPath: "\(partial)/sweep.parquet"))
            try Data(CSVTable.bytes(table)).write(to: URL(fileURLWithPath: "\(partial)/sweep.csv"))
            try Data(SweepSummary.markdown(result).utf8).write(to: URL(fileURLWithPath: "\(partial)/summary.md"))
            try Data(SweepHeatMap.svg(result).utf8).write(to: URL(fileURLWithPath: "\(partial)/heatmap.svg"))
            try result.json().write(to: URL(fileURLWithPath: "\(partial)/sweep.json"))
            try? files.removeItem(atPath: folder)
            try files.moveItem(atPath: partial, toPath: folder)
        } catch {
            try? files.removeItem(atPath: partial)
            throw CLIError("cannot write the sweep's folder \(folder): \(error.localizedDescription)")
        }
        return folder
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
