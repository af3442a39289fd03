import ProdCore

/// The sweep's rows as a report table (`sweep.parquet`, `sweep.csv`): one row per combination in
/// combination order, its parameters first.
public enum SweepTable {
    public static func table(_ result: SweepResult) -> ReportTable {
        let rows = result.rows
        let parameters = result.definition.parameters.enumerated().map { position, name in
            ReportColumn(name, .double(rows.map { $0.parameters[position] }))
        }
        return ReportTable(name: "sweep", columns: [ReportColumn("combination", .int64(rows.map { Int64($0.index) }))] + parameters + [
            ReportColumn("objective", .double(rows.map(\.objective)), optional: true),
            ReportColumn("trades", .int64(rows.map { Int64($0.trades) })),
            ReportColumn("profit_factor", .double(rows.map(\.profitFactor)), optional: true),
            ReportColumn("total_return", .double(rows.map(\.totalReturn))),
            ReportColumn("max_drawdown", .double(rows.map(\.maxDrawdown))),
            ReportColumn("sharpe", .double(rows.map(\.sharpe)), optional: true),
            ReportColumn("sortino", .double(rows.map(\.sortino)), optional: true),
            ReportColumn("win_rate", .double(rows.map(\.winRate)), optional: true),
            ReportColumn("exposure", .double(rows.map(\.exposure))),
            ReportColumn("fees", .decimal(rows.map(\.fees))),
            ReportColumn("final_equity", .decimal(rows.map(\.finalEquity))),
            ReportColumn("digest", .string(rows.map(\.digest))),
        ])
    }
}
