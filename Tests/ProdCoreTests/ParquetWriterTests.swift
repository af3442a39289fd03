import Foundation
import Testing
@testable import ProdCore

/// Every file the writer makes is read back by pyarrow (`pip install pyarrow`; scripts/test.sh
/// installs it): schema, row groups, statistics and every value.
struct ParquetWriterTests {
    static let table = ReportTable(name: "sample", columns: [
        ReportColumn("id", .int64([1, -2, 3, Int64.max, Int64.min])),
        ReportColumn("price", .decimal([16_541_77_000_000, 1, nil, -5_000_000_000, 0])),
        ReportColumn("ratio", .double([0.5, .nan, -1e300, nil, .infinity])),
        ReportColumn("name", .string(["ema_cross@BTCUSDT:spot:1h", "", "ünïcødé ✓", nil, "a,b\"c"])),
        ReportColumn("time", .timestamp([1_677_628_800_000, 0, nil, 1_704_067_199_999, -1])),
        ReportColumn("always", .int64([7, 7, 7, 7, 7]), optional: true),
    ])

    /// Runs `script` with python3, the file path as its argument; returns what it printed.
    static func python(_ script: String, _ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CLIFailure("python3 failed (is pyarrow installed? scripts/test.sh installs it): \(problem)")
        }
        return text
    }

    struct CLIFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test(arguments: [1, 2, 5, 100])
    func pyarrowReadsTheSchemaRowGroupsStatisticsAndValues(rowsPerGroup: Int) throws {
        let path = try TestSupport.temporaryFolder() + "/sample.parquet"
        try Data(ParquetWriter.data(Self.table, rowsPerGroup: rowsPerGroup)).write(to: URL(fileURLWithPath: path))
        let printed = try Self.python("""
            import sys, json, math, pyarrow.parquet as pq
            f = pq.ParquetFile(sys.argv[1])
            t = f.read()
            def show(v):
                if isinstance(v, float) and (math.isnan(v) or math.isinf(v)): return repr(v)
                if hasattr(v, 'isoformat'): return v.isoformat()
                return v
            stats = []
            for g in range(f.num_row_groups):
                for c in range(f.metadata.num_columns):
                    s = f.metadata.row_group(g).column(c).statistics
                    stats.append([s.null_count, show(s.min) if s.has_min_max else None, show(s.max) if s.has_min_max else None])
            print(json.dumps({
              "schema": [[fl.name, str(fl.type), fl.nullable] for fl in t.schema],
              "groups": f.num_row_groups, "rows": t.num_rows,
              "values": {n: [show(v) for v in t.column(n).to_pylist()] for n in t.column_names},
              "stats": stats}))
            """, path)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String: Any])
        let schema = try #require(json["schema"] as? [[Any]])
        #expect(schema.map { "\($0[0]) \($0[1]) \($0[2])" } == [
            "id int64 0", "price double 1", "ratio double 1", "name string 1", "time timestamp[ms, tz=UTC] 1", "always int64 1",
        ])
        #expect(json["rows"] as? Int == 5)
        #expect(json["groups"] as? Int == (5 + rowsPerGroup - 1) / rowsPerGroup)
        let values = try #require(json["values"] as? [String: [Any]])
        #expect(values["id"]!.map { "\($0)" } == ["1", "-2", "3", "\(Int64.max)", "\(Int64.min)"])
        #expect(values["price"]!.map { "\($0)" } == ["16541.77", "1e-08", "<null>", "-50.0", "0.0"])
        #expect(values["ratio"]!.map { "\($0)" } == ["0.5", "nan", "-1e+300", "<null>", "inf"])
        #expect(values["name"]!.map { "\($0)" } == ["ema_cross@BTCUSDT:spot:1h", "", "ünïcødé ✓", "<null>", "a,b\"c"])
        #expect(values["time"]!.map { "\($0)" } == [
            "2023-03-01T00:00:00+00:00", "1970-01-01T00:00:00+00:00", "<null>", "2023-12-31T23:59:59.999000+00:00",
            "1969-12-31T23:59:59.999000+00:00",
        ])
        if rowsPerGroup == 100 {
            let stats = try #require(json["stats"] as? [[Any]])
            #expect(stats.map { "\($0[0]) \($0[1]) \($0[2])" } == [
                "0 \(Int64.min) \(Int64.max)", "1 -50.0 16541.77", "1 -1e+300 inf", "1  ünïcødé ✓",
                "1 1969-12-31T23:59:59.999000+00:00 2023-12-31T23:59:59.999000+00:00", "0 7 7",
            ])
        }
    }

    @Test func anEmptyTableIsAValidFileWithItsSchema() throws {
        let path = try TestSupport.temporaryFolder() + "/empty.parquet"
        try Data(ParquetWriter.data(ReportTable(name: "empty", columns: [
            ReportColumn("id", .int64([])), ReportColumn("name", .string([]), optional: true),
        ]))).write(to: URL(fileURLWithPath: path))
        let printed = try Self.python("""
            import sys, pyarrow.parquet as pq
            t = pq.read_table(sys.argv[1]); print(t.num_rows, t.schema.names, t.schema.field('name').nullable)
            """, path)
        #expect(printed == "0 ['id', 'name'] True\n")
    }
}
