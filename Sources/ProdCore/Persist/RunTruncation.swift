import GRDB

/// What a resumed run discards before it writes again: every derived row past the state it
/// resumed from (its snapshot, or the start). The resumed engine recomputes those rows from the
/// journal and the feed, with the same keys and values, but not always cut the same way (an
/// equity block ends at each commit, and the first process committed at decision points the
/// catch-up does not stop at): rows left from the first process would overlap the new ones.
///
/// Journaled plans and controls are never discarded: they are inputs, not results, and the
/// resumed run replays them. Bar stretches are derived from the feed and are rewritten.
struct RunTruncation: Sendable {
    /// Inputs the resumed state covers: journal bar stretches after this are rewritten.
    let inputsKept: Int64
    let kept: HistoryCounts
    /// The last order id the kept history holds (orders are keyed by id, not by position).
    let lastOrderKept: Int64?
    /// Equity blocks starting after this time are rewritten; `nil`: all of them.
    let equityKeptUntil: Int64?

    init(resumedFrom engine: TradingEngine) {
        inputsKept = engine.processedInputs
        let history = engine.history
        kept = HistoryCounts(history)
        lastOrderKept = history.orders.last?.id
        equityKeptUntil = engine.processedInputs > 0 ? engine.lastEventTime : nil
    }

    func apply(_ db: Database, run: Int64) throws {
        try db.execute(sql: "DELETE FROM journal WHERE run_id = ? AND seq > ? AND type = 'bars'", arguments: [run, inputsKept])
        try db.execute(sql: "DELETE FROM orders WHERE run_id = ? AND id > ?", arguments: [run, lastOrderKept ?? Int64.min])
        for (table, count) in [
            ("order_rejections", kept.rejections), ("fills", kept.fills), ("trades", kept.trades),
            ("governor_events", kept.governorEvents), ("funding_payments", kept.fundingPayments), ("plans", kept.plans),
        ] {
            try db.execute(sql: "DELETE FROM \(table) WHERE run_id = ? AND seq >= ?", arguments: [run, count])
        }
        try db.execute(sql: "DELETE FROM equity WHERE run_id = ? AND first_time > ?", arguments: [run, equityKeptUntil ?? Int64.min])
    }
}
