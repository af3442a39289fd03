import Foundation
import GRDB

/// Reading back what a run produced, in the order the engine produced it.
extension RunStore {
    public func orders(run: Int64) throws(PersistError) -> [Order] {
        try rows("SELECT * FROM orders WHERE run_id = ? ORDER BY id", run, Order.init(row:))
    }

    public func rejections(run: Int64) throws(PersistError) -> [OrderRejection] {
        try rows("SELECT * FROM order_rejections WHERE run_id = ? ORDER BY seq", run, OrderRejection.init(row:))
    }

    public func fills(run: Int64) throws(PersistError) -> [Fill] {
        try rows("SELECT * FROM fills WHERE run_id = ? ORDER BY seq", run, Fill.init(row:))
    }

    public func trades(run: Int64) throws(PersistError) -> [Trade] {
        try rows("SELECT * FROM trades WHERE run_id = ? ORDER BY seq", run, Trade.init(row:))
    }

    /// Every equity point of the run; a block whose bytes no longer match its checksum is an
    /// error naming it, never a wrong number in a report.
    public func equity(run: Int64) throws(PersistError) -> [EquityPoint] {
        let path = database.path
        return try rows("SELECT first_time, points, data, crc32 FROM equity WHERE run_id = ? ORDER BY first_time", run) { row in
            let data: Data = row["data"]
            if let stored = row["crc32"] as Int64?, stored != EquityPoint.checksum(data) {
                let from = UTCTimestamp.iso8601(row["first_time"])
                throw PersistError.corrupt(path: path, reason: "the equity block of run \(run) from \(from) fails its checksum")
            }
            return try EquityPoint.unpacked(data, points: row["points"])
        }.flatMap { $0 }
    }

    public func plans(run: Int64) throws(PersistError) -> [PlanRecord] {
        try rows("SELECT * FROM plans WHERE run_id = ? ORDER BY seq", run, PlanRecord.init(row:))
    }

    /// The ids of the plans the run recorded (those sent over the socket have one).
    public func planIds(run: Int64) throws(PersistError) -> [String] {
        try database.read { db in try String.fetchAll(db, sql: "SELECT plan_id FROM plans WHERE run_id = ? AND plan_id IS NOT NULL", arguments: [run]) }
    }

    /// The plan the run recorded under `id`, if any (a runner records an id once: sent again, it
    /// is answered as a duplicate). `INDEXED BY`: without statistics SQLite prefers the primary
    /// key, which walks every plan of the run (a runner asks this for each new plan id).
    public func plan(run: Int64, id: String) throws(PersistError) -> PlanRecord? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM plans INDEXED BY plans_by_id WHERE run_id = ? AND plan_id = ?", arguments: [run, id])
                .map(PlanRecord.init(row:))
        }
    }

    public func governorEvents(run: Int64) throws(PersistError) -> [GovernorEvent] {
        try rows("SELECT * FROM governor_events WHERE run_id = ? ORDER BY seq", run, GovernorEvent.init(row:))
    }

    public func fundingPayments(run: Int64) throws(PersistError) -> [FundingPayment] {
        try rows("SELECT * FROM funding_payments WHERE run_id = ? ORDER BY seq", run, FundingPayment.init(row:))
    }

    public func positions(run: Int64) throws(PersistError) -> [SlotPosition] {
        try rows("SELECT * FROM positions WHERE run_id = ? ORDER BY strategy", run, SlotPosition.init(row:))
    }

    /// Everything the engine keeps as history, as stored so far.
    public func history(run: Int64) throws(PersistError) -> EngineHistory {
        EngineHistory(
            orders: try orders(run: run), fills: try fills(run: run), rejections: try rejections(run: run),
            trades: try trades(run: run), governorEvents: try governorEvents(run: run),
            fundingPayments: try fundingPayments(run: run), plans: try plans(run: run))
    }

    public func journal(run: Int64) throws(PersistError) -> [JournalEntry] {
        try rows("SELECT * FROM journal WHERE run_id = ? ORDER BY seq", run) {
            JournalEntry(sequence: $0["seq"], time: $0["event_time"], type: $0["type"], payload: $0["payload"])
        }
    }

    private func rows<T>(_ sql: String, _ run: Int64, _ decode: (Row) throws -> T) throws(PersistError) -> [T] {
        try database.read { db in try Row.fetchAll(db, sql: sql, arguments: [run]).map(decode) }
    }
}
