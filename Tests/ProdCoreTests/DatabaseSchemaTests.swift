import Foundation
import GRDB
import Testing
@testable import ProdCore

struct DatabaseSchemaTests {
    @Test func anEmptyFileIsMigratedToEveryTable() throws {
        let path = try TestSupport.temporaryFolder() + "/crupto.db"
        FileManager.default.createFile(atPath: path, contents: Data())
        _ = try CruptoDatabase(path: path)
        let queue = try DatabaseQueue(path: path)
        let migrations = try queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
        #expect(migrations == ["v1_market_data", "v2_runs", "v3_plan_ids", "v4_run_outcome", "v5_equity_checksums", "v6_plans_by_id", "v7_live_bars", "v8_live_funding", "v9_run_pruned", "v10_promotions", "v11_research_proposals"])
        let tables = try queue.read { try Set(String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")) }
        for table in ["market_data", "runs", "run_files", "journal", "orders", "order_rejections", "fills", "trades", "positions",
                      "equity", "plans", "governor_events", "funding_payments", "snapshots", "promotions", "research_proposals"] {
            #expect(tables.contains(table), "\(table)")
        }
        let mode = try queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        try queue.close()
        _ = try CruptoDatabase(path: path)  // reopening migrates nothing and fails nothing
    }

    @Test func equityBlocksRoundTripAndACutBlockIsRefused() throws {
        let points = (0..<Int64(1000)).map { (index: Int64) -> EquityPoint in
            let time: Int64 = 1_677_628_800_000 + index * 60_000
            let equity: Int64 = 1_000_000_000_000 + (index % 7) * 123_456_789 - 500_000_000
            let cash: Int64 = index % 2 == 0 ? 0 : -3
            return EquityPoint(time: time, equity: Money(raw: equity), cash: Money(raw: cash), grossExposure: Money(raw: Int64.max - index))
        }
        let packed = EquityPoint.packed(points)
        #expect(try EquityPoint.unpacked(packed, points: points.count) == points)
        #expect(throws: PersistError.self) { try EquityPoint.unpacked(packed.dropLast(), points: points.count) }
        #expect(throws: PersistError.self) { try EquityPoint.unpacked(packed, points: points.count - 1) }
    }

    @Test func fuzzedEquityBlocksNeverCrashAndNeverYieldTheWrongCount() {
        var random = SeededGenerator(seed: 4)
        let valid = [UInt8](EquityPoint.packed((0..<Int64(50)).map {
            EquityPoint(time: $0 * 60_000, equity: Money(raw: $0 * 7), cash: .zero, grossExposure: Money(raw: -$0))
        }))
        for round in 0..<3000 {
            var bytes = valid
            if round % 3 == 0 {
                bytes = (0..<Int.random(in: 0...400, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            }
            let count = Int.random(in: 0...60, using: &random)
            if let points = try? EquityPoint.unpacked(Data(bytes), points: count) {
                #expect(points.count == count)
            }
        }
    }
}
