import GRDB

/// One promotion or demotion of a strategy: the registry and enable map before and after, the
/// gate report it rests on (or the human reason that overrode the gate).
public struct PromotionRecord: Sendable, Equatable {
    public let id: Int64?
    public let time: String
    /// `promote` or `demote`.
    public let action: String
    public let candidate: String
    public let gateReport: String?
    public let gateSHA256: String?
    public let overrideReason: String?
    public let registryBefore: String
    public let registryAfter: String
    public let enableMapBefore: String
    public let enableMapAfter: String

    public init(
        id: Int64? = nil, time: String, action: String, candidate: String, gateReport: String?, gateSHA256: String?, overrideReason: String?,
        registryBefore: String, registryAfter: String, enableMapBefore: String, enableMapAfter: String
    ) {
        (self.id, self.time, self.action, self.candidate) = (id, time, action, candidate)
        (self.gateReport, self.gateSHA256, self.overrideReason) = (gateReport, gateSHA256, overrideReason)
        (self.registryBefore, self.registryAfter, self.enableMapBefore, self.enableMapAfter) = (registryBefore, registryAfter, enableMapBefore, enableMapAfter)
    }
}

extension RunStore {
    @discardableResult
    public func recordPromotion(_ record: PromotionRecord) throws(PersistError) -> Int64 {
        do {
            return try database.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO promotions (time, action, candidate, gate_report, gate_sha256, override_reason,
                            registry_before, registry_after, enable_map_before, enable_map_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.time, record.action, record.candidate, record.gateReport, record.gateSHA256, record.overrideReason,
                        record.registryBefore, record.registryAfter, record.enableMapBefore, record.enableMapAfter,
                    ])
                return db.lastInsertedRowID
            }
        } catch {
            throw PersistError.from(error, path: database.path)
        }
    }

    public func promotions() throws(PersistError) -> [PromotionRecord] {
        do {
            return try database.writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM promotions ORDER BY id").map { row in
                    PromotionRecord(
                        id: row["id"], time: row["time"], action: row["action"], candidate: row["candidate"], gateReport: row["gate_report"],
                        gateSHA256: row["gate_sha256"], overrideReason: row["override_reason"], registryBefore: row["registry_before"],
                        registryAfter: row["registry_after"], enableMapBefore: row["enable_map_before"], enableMapAfter: row["enable_map_after"])
                }
            }
        } catch {
            throw PersistError.from(error, path: database.path)
        }
    }
}
