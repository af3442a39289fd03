import GRDB

/// The bars and funding rates a live run took from its feed, numbered from `after` (the next `seq`
/// of the run's live inputs, which `live_bars` and `live_funding` share). A run's batch writes them
/// in the transaction that commits what they caused, so no commit holds an effect of a bar the
/// store lacks (ARCHITECTURE.md §4).
public struct LiveJournalRows: Sendable {
    public let inputs: [LiveInput]
    public let instruments: [InstrumentID]
    public let after: Int

    func write(_ db: Database, run: Int64) throws {
        guard !inputs.isEmpty else { return }
        let bars = try db.cachedStatement(sql: """
            INSERT INTO live_bars (run_id, seq, instrument, symbol, market, open_time, open, high, low, close, volume, quote_volume,
                trades, taker_buy_base, taker_buy_quote, source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let rates = try db.cachedStatement(sql: """
            INSERT INTO live_funding (run_id, seq, instrument, symbol, time, rate, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (offset, input) in inputs.enumerated() {
            switch input {
            case .bar(let live):
                let bar = live.bar
                let id = instruments[live.instrument]
                try bars.execute(arguments: [
                    run, after + offset, live.instrument, id.symbol, id.market.rawValue, bar.openTime, bar.open.raw, bar.high.raw, bar.low.raw,
                    bar.close.raw, bar.volume.raw, bar.quoteVolume.raw, bar.tradeCount, bar.takerBuyBaseVolume.raw, bar.takerBuyQuoteVolume.raw,
                    live.source.rawValue, live.receivedAt,
                ])
            case .funding(let funding):
                try rates.execute(arguments: [
                    run, after + offset, funding.instrument, instruments[funding.instrument].symbol, funding.time, funding.rate.raw, funding.receivedAt,
                ])
            }
        }
    }
}

/// The live feed's journal read back, in the order the run used it.
extension RunStore {
    /// The instruments of a live run's bars, by index.
    public func liveBarInstruments(run: Int64) throws(PersistError) -> [Int: InstrumentID] {
        try database.read { db in
            var instruments: [Int: InstrumentID] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT DISTINCT instrument, symbol, market FROM live_bars WHERE run_id = ?", arguments: [run]) {
                let market: String = row["market"]
                instruments[row["instrument"]] = InstrumentID(symbol: row["symbol"], market: Market(rawValue: market) ?? .spot)
            }
            return instruments
        }
    }

    public func liveBars(run: Int64) throws(PersistError) -> [LiveBar] {
        try database.read { db in try Self.liveBars(db, run: run).map(\.bar) }
    }

    public func liveFundingRates(run: Int64) throws(PersistError) -> [LiveFundingRate] {
        try database.read { db in try Self.liveFundingRates(db, run: run).map(\.rate) }
    }

    /// Every live input of the run in sequence order (one read: a run being written stays consistent).
    public func liveInputs(run: Int64) throws(PersistError) -> [LiveInput] {
        try database.read { db in
            let bars = try Self.liveBars(db, run: run).map { (seq: $0.seq, input: LiveInput.bar($0.bar)) }
            let rates = try Self.liveFundingRates(db, run: run).map { (seq: $0.seq, input: LiveInput.funding($0.rate)) }
            return (bars + rates).sorted { $0.seq < $1.seq }.map(\.input)
        }
    }

    private static func liveBars(_ db: Database, run: Int64) throws -> [(seq: Int64, bar: LiveBar)] {
        try Row.fetchAll(db, sql: "SELECT * FROM live_bars WHERE run_id = ? ORDER BY seq", arguments: [run]).map { row in
            let source: String = row["source"]
            let bar = LiveBar(
                instrument: row["instrument"],
                bar: Bar(
                    openTime: row["open_time"], open: Price(raw: row["open"]), high: Price(raw: row["high"]), low: Price(raw: row["low"]),
                    close: Price(raw: row["close"]), volume: Quantity(raw: row["volume"]), quoteVolume: Money(raw: row["quote_volume"]),
                    tradeCount: row["trades"], takerBuyBaseVolume: Quantity(raw: row["taker_buy_base"]),
                    takerBuyQuoteVolume: Money(raw: row["taker_buy_quote"])),
                source: LiveBarSource(rawValue: source) ?? .rest, receivedAt: row["received_at"])
            return (row["seq"], bar)
        }
    }

    private static func liveFundingRates(_ db: Database, run: Int64) throws -> [(seq: Int64, rate: LiveFundingRate)] {
        try Row.fetchAll(db, sql: "SELECT * FROM live_funding WHERE run_id = ? ORDER BY seq", arguments: [run]).map { row in
            (row["seq"], LiveFundingRate(instrument: row["instrument"], time: row["time"], rate: Rate(raw: row["rate"]), receivedAt: row["received_at"]))
        }
    }
}
