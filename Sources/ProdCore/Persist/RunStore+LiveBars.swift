import GRDB

/// The bars a live run used, in the order it used them: the live feed's journal.
extension RunStore {
    /// Appends `bars` after the `stored` bars the run already has (their count is the next `seq`);
    /// `instruments` names the bars' instrument indices.
    public func appendLiveBars(run: Int64, _ bars: [LiveBar], instruments: [InstrumentID], after stored: Int) throws(PersistError) {
        guard !bars.isEmpty else { return }
        try write { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO live_bars (run_id, seq, instrument, symbol, market, open_time, open, high, low, close, volume, quote_volume,
                    trades, taker_buy_base, taker_buy_quote, source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (offset, live) in bars.enumerated() {
                let bar = live.bar
                try statement.execute(arguments: [
                    run, stored + offset, live.instrument, instruments[live.instrument].symbol, instruments[live.instrument].market.rawValue, bar.openTime, bar.open.raw, bar.high.raw, bar.low.raw, bar.close.raw,
                    bar.volume.raw, bar.quoteVolume.raw, bar.tradeCount, bar.takerBuyBaseVolume.raw, bar.takerBuyQuoteVolume.raw,
                    live.source.rawValue, live.receivedAt,
                ])
            }
        }
    }

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
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM live_bars WHERE run_id = ? ORDER BY seq", arguments: [run]).map { row in
                let source: String = row["source"]
                return LiveBar(
                    instrument: row["instrument"],
                    bar: Bar(
                        openTime: row["open_time"], open: Price(raw: row["open"]), high: Price(raw: row["high"]), low: Price(raw: row["low"]),
                        close: Price(raw: row["close"]), volume: Quantity(raw: row["volume"]), quoteVolume: Money(raw: row["quote_volume"]),
                        tradeCount: row["trades"], takerBuyBaseVolume: Quantity(raw: row["taker_buy_base"]),
                        takerBuyQuoteVolume: Money(raw: row["taker_buy_quote"])),
                    source: LiveBarSource(rawValue: source) ?? .rest, receivedAt: row["received_at"])
            }
        }
    }
}
