import Foundation
import GRDB
import Testing

@testable import ProdCore

@Suite struct MarketDataStoreTests {
    static func freshStore() throws -> (MarketDataStore, String) {
        let path = try TestSupport.temporaryFolder() + "/crupto.db"
        return (MarketDataStore(database: try CruptoDatabase(path: path)), path)
    }

    static let spotFiles: [VisionFile] = try! ["BTCUSDT-1m-2023-02.zip", "BTCUSDT-1m-2023-03.zip"].map {
        try TestSupport.sampleFile(TestSupport.spotBTC, $0)
    }

    @Test func importIsExactAndIdempotent() throws {
        let (store, _) = try Self.freshStore()
        let series = Self.spotFiles[0].series
        let first = try store.importSeries(series, files: Self.spotFiles)
        #expect(first.map(\.inserted) == [40_320, 44_560])
        #expect(first.allSatisfy { $0.failure == nil })
        let again = try store.importSeries(series, files: Self.spotFiles)
        #expect(again.map(\.inserted) == [0, 0])
        #expect(try store.count(series) == 84_880)
        let stored = try store.bars(series)
        let read = try TestSupport.bars(Self.spotFiles).bars
        #expect(stored == read)
    }

    @Test func aFileWithABadRowLeavesTheDatabaseAsItWas() throws {
        let (store, _) = try Self.freshStore()
        let good = try TestSupport.sampleFile(TestSupport.spotBTC, "BTCUSDT-1m-2023-02.zip")
        var lines = try TestSupport.csvText(ofZip: "\(TestSupport.spotBTC)/BTCUSDT-1m-2023-03.zip")
            .split(separator: "\n").map(String.init)
        lines[30_000] = lines[30_000].replacingOccurrences(of: ",", with: ";")
        let badPath = try TestSupport.temporaryFolder() + "/spot/monthly/klines/BTCUSDT/1m/BTCUSDT-1m-2023-03.zip"
        try TestSupport.writeZip(lines.joined(separator: "\n") + "\n", entryName: "BTCUSDT-1m-2023-03.csv", to: badPath)
        let bad = try VisionFile(path: badPath)

        let results = try store.importSeries(good.series, files: [good, bad])
        #expect(results[0].failure == nil)
        #expect(results[1].inserted == 0)
        #expect(results[1].failure?.contains("\(badPath):30001") == true)
        #expect(try store.count(good.series) == 40_320, "none of the bad file's 30,000 good rows before the bad one are kept")
    }

    @Test func reimportingDifferentValuesKeepsTheStoredBarsAndReportsConflicts() throws {
        let (store, _) = try Self.freshStore()
        let original = try TestSupport.sampleFile(TestSupport.spotBTC, "BTCUSDT-1m-2023-02.zip")
        _ = try store.importSeries(original.series, files: [original])
        var lines = try TestSupport.csvText(ofZip: "\(TestSupport.spotBTC)/BTCUSDT-1m-2023-02.zip")
            .split(separator: "\n").map(String.init)
        for index in [100, 200] {
            var cells = lines[index].split(separator: ",").map(String.init)
            cells[8] = String(Int(cells[8])! + 1)
            lines[index] = cells.joined(separator: ",")
        }
        let path = try TestSupport.temporaryFolder() + "/spot/BTCUSDT-1m-2023-02.csv"
        try TestSupport.write(lines.joined(separator: "\n") + "\n", to: path)

        let result = try #require(try store.importSeries(original.series, files: [try VisionFile(path: path)]).first)
        #expect(result.inserted == 0)
        #expect(result.conflicts == 2)
        #expect(result.firstConflict == Int64(1_675_209_600_000 + 100 * 60_000))
        #expect(try store.bars(original.series) == (try TestSupport.bars([original]).bars), "stored values are kept")
    }

    @Test func aTruncatedArchiveIsReportedAndSkipped() throws {
        let (store, _) = try Self.freshStore()
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.spotFiles[1].path))
        let path = try TestSupport.temporaryFolder() + "/spot/BTCUSDT-1m-2023-03.zip"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.prefix(100_000).write(to: URL(fileURLWithPath: path))
        let results = try store.importSeries(Self.spotFiles[0].series, files: [Self.spotFiles[0], try VisionFile(path: path)])
        #expect(results[1].failure?.contains("bad zip archive") == true)
        #expect(try store.count(Self.spotFiles[0].series) == 40_320)
    }

    @Test func aDatabaseFromANewerVersionIsRefused() throws {
        let (_, path) = try Self.freshStore()
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99_from_the_future')") }
        try queue.close()
        #expect(throws: PersistError.newerSchema(path: path, unknownMigrations: ["v99_from_the_future"])) {
            try CruptoDatabase(path: path)
        }
    }

    @Test func aFileThatIsNotADatabaseIsACorruptError() throws {
        let path = try TestSupport.temporaryFolder() + "/crupto.db"
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect {
            try CruptoDatabase(path: path)
        } throws: { error in
            guard case .corrupt(let file, _) = error as? PersistError else { return false }
            return file == path
        }
    }
}
