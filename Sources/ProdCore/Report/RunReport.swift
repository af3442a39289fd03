import Foundation

/// Everything stored about one run, as the report shows it.
public struct RunReport: Sendable {
    public let run: StoredRun
    public let files: [RunFile]
    public let orders: [Order]
    public let rejections: [OrderRejection]
    public let fills: [Fill]
    public let trades: [Trade]
    public let equity: [EquityPoint]
    public let plans: [PlanRecord]
    public let governorEvents: [GovernorEvent]
    public let fundingPayments: [FundingPayment]
    public let positions: [SlotPosition]
    /// A live run's bars as it used them (empty for other runs), and their instruments by index.
    public let liveBars: [LiveBar]
    public let liveInstruments: [Int: InstrumentID]
    public let metrics: RunMetrics

    public static func load(_ store: RunStore, run id: Int64) throws -> RunReport {
        guard let run = try store.run(id) else { throw ReportError("no run \(id) in \(store.database.path)") }
        let equity = try store.equity(run: id)
        let trades = try store.trades(run: id)
        let fills = try store.fills(run: id)
        let funding = try store.fundingPayments(run: id)
        return RunReport(
            run: run, files: try store.files(run: id), orders: try store.orders(run: id), rejections: try store.rejections(run: id),
            fills: fills, trades: trades, equity: equity, plans: try store.plans(run: id),
            governorEvents: try store.governorEvents(run: id), fundingPayments: funding, positions: try store.positions(run: id),
            liveBars: try store.liveBars(run: id), liveInstruments: try store.liveBarInstruments(run: id),
            metrics: RunMetrics(
                initialCash: run.initialCash, timeframe: run.timeframe, equity: equity, trades: trades, fills: fills,
                funding: funding))
    }

    /// The command-line arguments the run was started with (the raw settings when they are not a command line).
    public var arguments: [String] {
        (try? JSONDecoder().decode(RunSettings.self, from: Data(run.settings.utf8)))?.arguments ?? [run.settings]
    }

    public var summaryMarkdown: String { SummaryMarkdown.text(self, settings: arguments) }

    /// `manifest.json`; `files` lists the report's own files with their hashes (`nil`: left out).
    public func manifestJSON(files: [(name: String, sha256: String, bytes: Int, rows: Int?)]?) throws -> String {
        try RunManifest.json(self, settings: arguments, files: files)
    }

    /// `run_<UTC start stamp>_<id>`, such as `run_20261122T101537Z_12`.
    public var folderName: String {
        let stamp = run.startedAt.filter { $0 != "-" && $0 != ":" }.split(separator: ".").first.map(String.init) ?? run.startedAt
        return "run_\(stamp.hasSuffix("Z") ? stamp : stamp + "Z")_\(run.id)"
    }
}

/// A report that cannot be made, and why.
public struct ReportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
