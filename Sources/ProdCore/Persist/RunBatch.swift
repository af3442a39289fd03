import Foundation
import GRDB

/// Everything one batch of a run adds, written in one transaction. History rows carry their
/// index in the run's whole history, which becomes the rows' `seq`.
public struct RunBatch: Sendable {
    public let run: Int64
    public let inputsDone: Int64
    public let batches: Int
    public let firstTime: Int64?
    public let lastTime: Int64?
    public let journal: [JournalEntry]
    public let orders: NewRows<Order>
    public let rejections: NewRows<OrderRejection>
    public let fills: NewRows<Fill>
    public let trades: NewRows<Trade>
    public let governorEvents: NewRows<GovernorEvent>
    public let fundingPayments: NewRows<FundingPayment>
    public let plans: NewRows<PlanRecord>
    public let equity: [EquityPoint]
    /// Replaces the run's stored positions.
    public let positions: [SlotPosition]
    /// The engine state after `inputsDone` inputs, when this batch takes a snapshot.
    public let snapshot: Data?
    /// The first batch of a resumed run: what to discard before writing.
    let truncation: RunTruncation?
    /// A live run's inputs taken from its feed since the last batch.
    let live: LiveJournalRows?

    func write(_ db: Database) throws {
        try truncation?.apply(db, run: run)
        try live?.write(db, run: run)
        let journalInsert = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO journal (run_id, seq, event_time, type, payload) VALUES (?, ?, ?, ?, ?)")
        for entry in journal {
            try journalInsert.execute(arguments: [run, entry.sequence, entry.time, entry.type, entry.payload])
        }
        try insert(db, Order.insertSQL, orders) { order, _ in order.arguments(run: run) }
        try insert(db, OrderRejection.insertSQL, rejections) { $0.arguments(run: run, seq: $1) }
        try insert(db, Fill.insertSQL, fills) { $0.arguments(run: run, seq: $1) }
        try insert(db, Trade.insertSQL, trades) { $0.arguments(run: run, seq: $1) }
        try insert(db, GovernorEvent.insertSQL, governorEvents) { $0.arguments(run: run, seq: $1) }
        try insert(db, FundingPayment.insertSQL, fundingPayments) { $0.arguments(run: run, seq: $1) }
        try insert(db, PlanRecord.insertSQL, plans) { $0.arguments(run: run, seq: $1) }
        if let first = equity.first, let last = equity.last {
            let block = EquityPoint.packed(equity)
            try db.cachedStatement(sql: EquityPoint.insertSQL).execute(
                arguments: [run, first.time, last.time, equity.count, block, EquityPoint.checksum(block)])
        }
        try db.cachedStatement(sql: "DELETE FROM positions WHERE run_id = ?").execute(arguments: [run])
        try insert(db, SlotPosition.insertSQL, NewRows(positions, from: 0)) { position, _ in position.arguments(run: run) }
        if let snapshot {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO snapshots (run_id, input_seq, state) VALUES (?, ?, ?)")
                .execute(arguments: [run, inputsDone, snapshot])
        }
        // Statements are prepared once per connection: a runner commits at every decision point.
        try db.cachedStatement(
            sql: """
                UPDATE runs SET inputs_done = MAX(inputs_done, ?), batches = MAX(batches, ?), first_time = COALESCE(first_time, ?),
                    last_time = MAX(COALESCE(last_time, ?), COALESCE(?, last_time))
                WHERE id = ?
                """
        ).execute(arguments: [inputsDone, batches, firstTime, lastTime, lastTime, run])
    }

    private func insert<T>(_ db: Database, _ sql: String, _ rows: NewRows<T>, _ arguments: (T, Int) -> StatementArguments) throws {
        guard !rows.elements.isEmpty else { return }
        let statement = try db.cachedStatement(sql: sql)
        for (offset, row) in rows.elements.enumerated() { try statement.execute(arguments: arguments(row, rows.first + offset)) }
    }
}

/// The elements of a history list from index `first` on, copied out of it: a batch waiting for
/// the writer must not share the engine's growing array, or the engine's next append would copy
/// the whole list.
public struct NewRows<Element: Sendable>: Sendable {
    public let first: Int
    public let elements: [Element]

    /// The rows of `all` from position `first` of the run's list; `all` starts at position
    /// `released` (what came before was let go once stored).
    public init(_ all: [Element], from first: Int, released: Int = 0) {
        self.first = first
        elements = Array(all[(first - released)...])
    }
}
