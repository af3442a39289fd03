import GRDB

/// A candidate the ResearchAgent generated and gated (`brain research run`).
public struct ResearchProposal: Sendable, Equatable {
    public let time: String
    public let candidate: String
    public let file: String
    public let gateReport: String?
    public let passed: Bool
    /// The parameters its gate chose, `name=value,…`.
    public let parameters: String
    public let promoted: Bool
    public let note: String?

    public init(time: String, candidate: String, file: String, gateReport: String?, passed: Bool, parameters: String, promoted: Bool, note: String?) {
        (self.time, self.candidate, self.file, self.gateReport) = (time, candidate, file, gateReport)
        (self.passed, self.parameters, self.promoted, self.note) = (passed, parameters, promoted, note)
    }
}

extension RunStore {
    public func recordProposal(_ proposal: ResearchProposal) throws(PersistError) {
        do {
            try database.writer.write { db in
                try db.execute(
                    sql: "INSERT INTO research_proposals (time, candidate, file, gate_report, passed, parameters, promoted, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: [proposal.time, proposal.candidate, proposal.file, proposal.gateReport, proposal.passed, proposal.parameters, proposal.promoted, proposal.note])
            }
        } catch {
            throw PersistError.from(error, path: database.path)
        }
    }

    /// The newest `limit` proposals, newest first.
    public func proposals(limit: Int = 20) throws(PersistError) -> [ResearchProposal] {
        do {
            return try database.writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM research_proposals ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                    ResearchProposal(
                        time: row["time"], candidate: row["candidate"], file: row["file"], gateReport: row["gate_report"], passed: row["passed"],
                        parameters: row["parameters"], promoted: row["promoted"], note: row["note"])
                }
            }
        } catch {
            throw PersistError.from(error, path: database.path)
        }
    }
}
