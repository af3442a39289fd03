import Foundation
import Testing

/// `brain data …` as a user runs it, on the bundled sample.
@Suite struct DataCommandTests {
    @Test func checkOnTheSampleReportsTheOutageAndExitsZero() throws {
        let result = try BrainProcess.run(["data", "check", "--json"])
        #expect(result.status == 0, "\(result.errors)")
        let document = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as! [String: Any]
        #expect(document["ok"] as? Bool == true)
        let series = document["series"] as! [[String: Any]]
        #expect(series.map { "\($0["symbol"]!) \($0["market"]!)" } == ["BTCUSDT spot", "BTCUSDT usdm", "ETHUSDT usdm"])
        let spot = series[0]
        #expect(spot["bars"] as? Int == 84_880)
        let gaps = spot["gaps"] as! [[String: Any]]
        #expect(gaps.count == 1)
        #expect(gaps[0]["start"] as? String == "2023-03-24T12:40:00Z")
        #expect(gaps[0]["missing_bars"] as? Int == 80)
    }

    @Test func checkExitsOneAndNamesTheLineOfABadRow() throws {
        let folder = try BrainProcess.temporaryFolder()
        let rows = (0..<5).map { index -> String in
            let open = 1_677_628_800_000 + Int64(index) * 60_000
            let high = index == 3 ? "1.00000000" : "23154.70000000"
            return "\(open),23141.57,\(high),23130.25,23143.73,326.95876,\(open + 59_999),7566444.15,10994,185.27,4287862.12,0"
        }
        try (rows.joined(separator: "\n") + "\n").write(toFile: "\(folder)/BTCUSDT-1m-2023-03.csv", atomically: true, encoding: .utf8)
        let result = try BrainProcess.run(["data", "check", "--market", "spot", folder])
        #expect(result.status == 1)
        #expect(result.output.contains("BTCUSDT-1m-2023-03.csv:4: high 1 < low 23130.25"), "\(result.output)")
        #expect(result.output.contains("ERRORS in 1 of 1 series"))
    }

    @Test func checkOfAMissingPathFailsWithAClearMessage() throws {
        let result = try BrainProcess.run(["data", "check", "/no/such/folder"])
        #expect(result.status != 0)
        #expect(result.errors.contains("/no/such/folder: no such file or directory"))
    }

    @Test func importIsIdempotentAndABadFileFailsAlone() throws {
        let folder = try BrainProcess.temporaryFolder()
        let database = "\(folder)/crupto.db"
        let spot = "data/sample/spot/monthly/klines/BTCUSDT/1m"
        let first = try BrainProcess.run(["data", "import", "--db", database, spot])
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("BTCUSDT-1m-2023-03.zip: 44560 bars, 44560 new"))
        let second = try BrainProcess.run(["data", "import", "--db", database, spot])
        #expect(second.output.contains("BTCUSDT-1m-2023-03.zip: 44560 bars, 0 new"))
        #expect(second.output.contains("BTCUSDT spot 1m: 84880 bars"))

        let broken = "\(folder)/spot/BTCUSDT-1m-2023-04.zip"
        try FileManager.default.createDirectory(atPath: "\(folder)/spot", withIntermediateDirectories: true)
        try Data("PK\u{3}\u{4} not really a zip".utf8).write(to: URL(fileURLWithPath: broken))
        let third = try BrainProcess.run(["data", "import", "--db", database, spot, broken])
        #expect(third.status == 1)
        #expect(third.output.contains("FAILED \(broken): nothing imported from it"))
        #expect(third.output.contains("BTCUSDT spot 1m: 84880 bars"))
    }

    @Test func indicatorsWritesTheDocumentedColumns() throws {
        let out = try BrainProcess.temporaryFolder() + "/indicators.csv"
        let result = try BrainProcess.run([
            "data", "indicators", "--symbol", "BTCUSDT", "--timeframe", "4h",
            "--indicators", "ema:20,rsi:14,bb:20:2,macd:12:26:9", "--out", out,
        ])
        #expect(result.status == 0, "\(result.errors)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "open_time,ema_20,rsi_14,bb_upper_20_2,bb_middle_20_2,bb_lower_20_2,macd_12_26_9,macd_signal_12_26_9,macd_hist_12_26_9")
        #expect(lines.count == 1 + 354 + 1)
        #expect(lines[1] == "1675209600000,,,,,,,,")
        let lastCells = lines[354].split(separator: ",", omittingEmptySubsequences: false)
        #expect(lastCells.count == 9 && lastCells.dropFirst().allSatisfy { Double($0) != nil })
    }

    @Test func indicatorsRejectsAnUnknownIndicatorWithoutWritingAFile() throws {
        let out = try BrainProcess.temporaryFolder() + "/indicators.csv"
        let result = try BrainProcess.run(["data", "indicators", "--symbol", "BTCUSDT", "--indicators", "ema:20,kama:3", "--out", out])
        #expect(result.status != 0)
        #expect(result.errors.contains("indicator 'kama:3': unknown indicator 'kama'"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
