import Crypto
import Foundation

/// Writes a run's report folder `reports/run_<UTC stamp>_<id>/`: every table as Parquet and CSV,
/// `summary.md`, `equity.svg`, `run.log` and `manifest.json` (with the SHA-256 of every file
/// in the folder). The folder is built under a temporary name and renamed when complete, so a
/// crash never leaves a half-written report under the final name.
public struct ReportExporter {
    public let store: RunStore
    public let reportsFolder: String

    public init(store: RunStore, reportsFolder: String) {
        self.store = store
        self.reportsFolder = reportsFolder
    }

    /// Exports run `id`; returns the report folder.
    @discardableResult
    public func export(run id: Int64) throws -> String {
        let report = try RunReport.load(store, run: id)
        let controls = try store.journal(run: id).filter { $0.type == "control" }
        let folder = reportsFolder + "/" + report.folderName
        let partial = folder + ".partial"
        let files = FileManager.default
        do {
            try? files.removeItem(atPath: partial)
            try files.createDirectory(atPath: partial, withIntermediateDirectories: true)
            var written: [(name: String, rows: Int?)] = []
            for table in report.tables {
                try ParquetWriter.write(table, to: "\(partial)/\(table.name).parquet")
                try Data(CSVTable.bytes(table)).write(to: URL(fileURLWithPath: "\(partial)/\(table.name).csv"))
                written += [("\(table.name).parquet", table.rowCount), ("\(table.name).csv", table.rowCount)]
            }
            try write(report.summaryMarkdown, "\(partial)/summary.md")
            try write(EquityChart.svg(report.equity, title: "Run \(report.run.id): equity and drawdown"), "\(partial)/equity.svg")
            try write(RunLog.text(report, controls: controls), "\(partial)/run.log")
            written += [("summary.md", nil), ("equity.svg", nil), ("run.log", nil)]
            let manifest = try report.manifestJSON(
                files: written.map { entry in
                    let data = try Data(contentsOf: URL(fileURLWithPath: "\(partial)/\(entry.name)"))
                    return (entry.name, Self.sha256(data), data.count, entry.rows)
                })
            try write(manifest, "\(partial)/manifest.json")
            try? files.removeItem(atPath: folder)
            try files.moveItem(atPath: partial, toPath: folder)
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError("cannot write the report \(folder): \(error.localizedDescription)")
        }
        return folder
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    private func write(_ text: String, _ path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
