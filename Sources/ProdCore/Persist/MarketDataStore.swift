import GRDB

/// What importing one file did.
public struct FileImportResult: Sendable {
    public let file: String
    /// Bars read and accepted from the file.
    public let bars: Int
    /// Bars that were not in the database yet.
    public let inserted: Int
    /// Bars already stored with other values: the stored ones are kept.
    public let conflicts: Int
    /// Open time of the first conflicting bar.
    public let firstConflict: Int64?
    /// `nil` when the file was imported; otherwise why nothing of it was.
    public let failure: String?
}

/// Bars in the `market_data` table, stored as exact fixed-point integers.
public struct MarketDataStore: Sendable {
    public let database: CruptoDatabase

    public init(database: CruptoDatabase) {
        self.database = database
    }

    /// Imports the files of one series, one transaction per file.
    ///
    /// Re-importing adds nothing; a bar stored with other values is kept and counted as a
    /// conflict. A file that fails (bad row, bad archive) is rolled back whole
    /// and reported; the files before and after it are still imported.
    public func importSeries(_ series: SeriesKey, files: [VisionFile]) throws(PersistError) -> [FileImportResult] {
        var auditor = SeriesAuditor(series: series)
        let reader = VisionFileReader(policy: .stop)
        var results: [FileImportResult] = []
        for file in files.sorted() {
            let before = auditor
            do {
                let result = try database.write { db in
                    let insert = try db.cachedStatement(sql: Self.insertSQL)
                    var bars = 0
                    var inserted = 0
                    var conflicts = 0
                    var firstConflict: Int64?
                    try reader.read(file, auditor: &auditor) { bar in
                        try insert.execute(arguments: Self.arguments(series, bar))
                        bars += 1
                        if db.changesCount > 0 {
                            inserted += 1
                        } else if try Self.storedBar(db, series, at: bar.openTime) != bar {
                            conflicts += 1
                            firstConflict = firstConflict ?? bar.openTime
                        }
                    }
                    return FileImportResult(
                        file: file.path, bars: bars, inserted: inserted, conflicts: conflicts,
                        firstConflict: firstConflict, failure: nil)
                }
                results.append(result)
            } catch let error as DataError {
                auditor = before
                results.append(FileImportResult(
                    file: file.path, bars: 0, inserted: 0, conflicts: 0, firstConflict: nil, failure: error.description))
            } catch {
                throw PersistError.from(error, path: database.path)
            }
        }
        return results
    }

    /// Number of bars stored for a series.
    public func count(_ series: SeriesKey) throws(PersistError) -> Int {
        try database.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM market_data WHERE market = ? AND symbol = ? AND interval = ?",
                arguments: Self.seriesArguments(series)) ?? 0
        }
    }

    /// The stored bars of a series in time order.
    public func bars(_ series: SeriesKey) throws(PersistError) -> [Bar] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: Self.selectSQL + " ORDER BY open_time", arguments: Self.seriesArguments(series)
            ).map(Self.bar)
        }
    }

    private static func storedBar(_ db: Database, _ series: SeriesKey, at openTime: Int64) throws -> Bar? {
        var arguments = seriesArguments(series)
        arguments += [openTime]
        return try Row.fetchOne(db.cachedStatement(sql: selectSQL + " AND open_time = ?"), arguments: arguments).map(bar)
    }

    private static let selectSQL = """
        SELECT open_time, open, high, low, close, volume, quote_volume, trade_count,
               taker_buy_base_volume, taker_buy_quote_volume
        FROM market_data WHERE market = ? AND symbol = ? AND interval = ?
        """

    private static func seriesArguments(_ series: SeriesKey) -> StatementArguments {
        [series.instrument.market.rawValue, series.instrument.symbol, series.timeframe.rawValue]
    }

    private static func bar(_ row: Row) -> Bar {
        Bar(
            openTime: row[0], open: Price(raw: row[1]), high: Price(raw: row[2]), low: Price(raw: row[3]),
            close: Price(raw: row[4]), volume: Quantity(raw: row[5]), quoteVolume: Money(raw: row[6]),
            tradeCount: row[7], takerBuyBaseVolume: Quantity(raw: row[8]), takerBuyQuoteVolume: Money(raw: row[9]))
    }

    private static let insertSQL = """
        INSERT INTO market_data (market, symbol, interval, open_time, open, high, low, close, volume,
            quote_volume, trade_count, taker_buy_base_volume, taker_buy_quote_volume)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO NOTHING
        """

    private static func arguments(_ series: SeriesKey, _ bar: Bar) -> StatementArguments {
        [
            series.instrument.market.rawValue, series.instrument.symbol, series.timeframe.rawValue,
            bar.openTime, bar.open.raw, bar.high.raw, bar.low.raw, bar.close.raw, bar.volume.raw,
            bar.quoteVolume.raw, bar.tradeCount, bar.takerBuyBaseVolume.raw, bar.takerBuyQuoteVolume.raw,
        ]
    }
}
