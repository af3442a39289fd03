import Crypto
import Foundation

/// Writes a run's report folder `reports/run_<UTC stamp>_<id>/`: every table as Parquet and CSV,
/// `summary.md`, `equity.svg`, `trades.svg` (when it traded), `run.log` and `manifest.json` (with the SHA-256 of every file
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
    /// - Parameter extra: files the caller adds to the folder (a live runner's `feed.json`).
    public func export(run id: Int64, extra: [(name: String, bytes: [UInt8])] = []) throws -> String {
        let report = try RunReport.load(store, run: id)
        let controls = try store.journal(run: id).filter { $0.type == "control" }
        let folder = reportsFolder + "/" + report.folderName
        let partial = folder + ".partial"
        let files = FileManager.default
        do {
            try? files.removeItem(atPath: partial)
            try files.createDirectory(atPath: partial, withIntermediateDirectories: true)
            var written = ReportFiles(folder: partial)
            for table in report.tables {
                try written.add("\(table.name).parquet", ParquetWriter.data(table), rows: table.rowCount)
                try written.add("\(table.name).csv", CSVTable.bytes(table), rows: table.rowCount)
            }
            try written.add("summary.md", Array(report.summaryMarkdown.utf8))
            try written.add("equity.svg", Array(EquityChart.svg(report).utf8))
            if let instrument = TradesChart.busiestInstrument(report), let window = TradesChart.defaultWindow(report, instrument: instrument) {
                try written.add("trades.svg", Array(TradesChart.svg(report, instrument: instrument, window: window).utf8))
            }
            try written.add("run.log", Array(RunLog.text(report, controls: controls).utf8))
            for file in extra { try written.add(file.name, file.bytes) }
            let manifest = try report.manifestJSON(files: written.entries)
            try Data(manifest.utf8).write(to: URL(fileURLWithPath: "\(partial)/manifest.json"))
            try? files.removeItem(atPath: folder)
            try files.moveItem(atPath: partial, toPath: folder)
        } catch {
            // A half-written report (a full disk) never stays behind looking like a report.
            try? files.removeItem(atPath: partial)
            if let error = error as? ReportError { throw error }
            throw ReportError("cannot write the report \(folder): \(error.localizedDescription)")
        }
        return folder
    }
}

/// The files of a report folder as they are written, with the SHA-256, size and row count the
/// manifest lists (hashed from the bytes in hand, not read back).
private struct ReportFiles {
    let folder: String
    private(set) var entries: [(name: String, sha256: String, bytes: Int, rows: Int?)] = []

    init(folder: String) {
        self.folder = folder
    }

    mutating func add(_ name: String, _ bytes: [UInt8], rows: Int? = nil) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: "\(folder)/\(name)"))
        entries.append((name, SHA256.hash(data: bytes).hexString, bytes.count, rows))
    }
}
