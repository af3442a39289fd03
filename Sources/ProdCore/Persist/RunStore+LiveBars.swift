import GRDB

/// The bars a live run used, in the order it used them: the live feed's journal.
extension RunStore {
    /// Appends `bars` after the `stored` bars the run already has (their count is the next `seq`).
    public func appendLiveBars(run: Int64, _ bars: [LiveBar], after stored: Int) throws(PersistError) {
        guard !bars.isEmpty else { return }
        try write { db in
            let statement = try db.makeStatement(sql: """
                INSERT INTO live_bars (run_id, seq, instrument, open_time, open, high, low, close, volume, quote_volume, trades,
                    taker_buy_base, taker_buy_quote, source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (offset, live) in bars.enumerated() {
                let bar = live.bar
                try statement.execute(arguments: [
                    run, stored + offset, live.instrument, bar.openTime, bar.open.raw, bar.high.raw, bar.low.raw, bar.close.raw,
                    bar.volume.raw, bar.quoteVolume.raw, bar.tradeCount, bar.takerBuyBaseVolume.raw, bar.takerBuyQuoteVolume.raw,
                    live.source.rawValue, live.receivedAt,
                ])
            }
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
