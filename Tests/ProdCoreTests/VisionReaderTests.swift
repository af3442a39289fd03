import Foundation
import Testing

@testable import ProdCore

@Suite struct VisionReaderTests {
    @Test func spotFileHasTheMarch2023OutageGapAndNoOtherProblem() throws {
        let file = try TestSupport.sampleFile(TestSupport.spotBTC, "BTCUSDT-1m-2023-03.zip")
        let (bars, report) = try TestSupport.bars([file])
        #expect(report.series == SeriesKey(instrument: InstrumentID(symbol: "BTCUSDT", market: .spot), timeframe: .m1))
        #expect(report.rows == 44_560)
        #expect(bars.count == 44_560)
        #expect(report.gaps.count == 1)
        let gap = try #require(report.gaps.first)
        #expect(UTCTimestamp.iso8601(gap.start) == "2023-03-24T12:40:00Z")
        #expect(gap.missingBars == 80)
        #expect(gap.line == 33_881)
        #expect(report.missingBars == 80)
        #expect(!report.hasErrors)
        #expect(bars.first?.openTime == 1_677_628_800_000)
        #expect(bars.first?.open == Price("23141.57"))
        #expect(bars.first?.volume == Quantity("326.95876"))
        #expect(bars.first?.tradeCount == 10_994)
        #expect(zip(bars, bars.dropFirst()).allSatisfy { $0.openTime < $1.openTime })
    }

    @Test func futuresFileWithHeaderLineIsRead() throws {
        let file = try TestSupport.sampleFile(TestSupport.futuresBTC, "BTCUSDT-1m-2023-03.zip")
        let (bars, report) = try TestSupport.bars([file])
        #expect(file.series.instrument.market == .usdm)
        #expect(report.rows == 44_640)
        #expect(report.gaps.isEmpty)
        #expect(bars.first?.open == Price("23129.70"))
        #expect(bars.first?.volume == Quantity("847.786"))
    }

    @Test func monthsAreJoinedAcrossFilesWithoutFalseGaps() throws {
        let files = try ["BTCUSDT-1m-2023-02.zip", "BTCUSDT-1m-2023-03.zip"].map {
            try TestSupport.sampleFile(TestSupport.futuresBTC, $0)
        }
        let report = try SeriesReader(series: files[0].series, files: files).read { _ in }
        #expect(report.bars == 40_320 + 44_640)
        #expect(report.gaps.isEmpty)
        #expect(UTCTimestamp.iso8601(report.lastOpenTime!) == "2023-03-31T23:59:00Z")
    }

    @Test func missingMonthBetweenFilesIsOneGap() throws {
        let folder = try TestSupport.temporaryFolder()
        let text = try TestSupport.csvText(ofZip: "\(TestSupport.spotBTC)/BTCUSDT-1m-2023-03.zip")
        let lines = text.split(separator: "\n")
        try TestSupport.write(lines[0..<10].joined(separator: "\n") + "\n", to: "\(folder)/spot/BTCUSDT-1m-2023-03-01.csv")
        try TestSupport.write(lines[100..<110].joined(separator: "\n") + "\n", to: "\(folder)/spot/BTCUSDT-1m-2023-03-02.csv")
        let files = try VisionFileLocator.discover([folder])
        let report = try SeriesReader(series: files[0].series, files: files).read { _ in }
        #expect(report.bars == 20)
        #expect(report.gaps.map(\.missingBars) == [90])
    }

    @Test func microsecondTimestampsReadAsTheSameBars() throws {
        let text = try TestSupport.csvText(ofZip: "\(TestSupport.spotBTC)/BTCUSDT-1m-2023-03.zip")
        let lines = text.split(separator: "\n").prefix(500)
        let micro = lines.map { line -> String in
            var cells = line.split(separator: ",").map(String.init)
            cells[0] += "000"
            cells[6] += "999"
            return cells.joined(separator: ",")
        }
        let folder = try TestSupport.temporaryFolder()
        try TestSupport.write(micro.joined(separator: "\n") + "\n", to: "\(folder)/spot/BTCUSDT-1m-2025-01.csv")
        try TestSupport.write(lines.joined(separator: "\n") + "\n", to: "\(folder)/spot/BTCUSDT-1m-2023-03.csv")
        let microBars = try TestSupport.bars([try VisionFile(path: "\(folder)/spot/BTCUSDT-1m-2025-01.csv")]).bars
        let milliBars = try TestSupport.bars([try VisionFile(path: "\(folder)/spot/BTCUSDT-1m-2023-03.csv")]).bars
        #expect(microBars.count == 500)
        #expect(microBars == milliBars)
    }

    @Test func truncatedZipIsABadArchiveError() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.path("\(TestSupport.spotBTC)/BTCUSDT-1m-2023-02.zip")))
        let folder = try TestSupport.temporaryFolder()
        let path = "\(folder)/spot/BTCUSDT-1m-2023-02.zip"
        try FileManager.default.createDirectory(atPath: "\(folder)/spot", withIntermediateDirectories: true)
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        #expect {
            try TestSupport.bars([try VisionFile(path: path)])
        } throws: { error in
            guard case .badArchive(let file, _) = error as? DataError else { return false }
            return file == path
        }
    }

    @Test func corruptedDeflateStreamIsABadArchiveError() throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.path("\(TestSupport.spotBTC)/BTCUSDT-1m-2023-02.zip")))
        for offset in stride(from: 1000, to: 1200, by: 1) { data[offset] ^= 0x5A }
        let folder = try TestSupport.temporaryFolder()
        let path = "\(folder)/spot/BTCUSDT-1m-2023-02.zip"
        try FileManager.default.createDirectory(atPath: "\(folder)/spot", withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
        #expect(throws: DataError.self) { try TestSupport.bars([try VisionFile(path: path)]) }
    }

    @Test(arguments: [
        (2, "open", "not a decimal number", "23141.5x"),
        (2, "high", "negative value", "-1"),
        (2, "low", "not a decimal number", "NaN"),
        (2, "volume", "more than 8 decimal places", "1.000000001"),
        (2, "count", "not a decimal number", "12.5"),
    ])
    func badFieldIsAnErrorNamingFileLineAndField(column: Int, field: String, reason: String, value: String) throws {
        let columnIndex = KlineRowParser.columns.firstIndex(of: field)!
        let (path, _) = try writeSpotCSV(lines: 20) { number, cells in
            if number == 7 { cells[columnIndex] = value }
        }
        #expect(throws: DataError.malformedRow(RowProblem(file: path, line: 7, field: field, reason: reason))) {
            try TestSupport.bars([try VisionFile(path: path)])
        }
    }

    @Test func wrongColumnCountNamesTheLine() throws {
        let (path, _) = try writeSpotCSV(lines: 20) { number, cells in
            if number == 12 { cells.removeLast(2) }
        }
        #expect(throws: DataError.malformedRow(RowProblem(
            file: path, line: 12, field: nil, reason: "expected 12 columns, found 10"))) {
            try TestSupport.bars([try VisionFile(path: path)])
        }
    }

    @Test func highBelowLowIsAnError() throws {
        let (path, _) = try writeSpotCSV(lines: 20) { number, cells in
            if number == 3 { (cells[2], cells[3]) = (cells[3], "99999999.00000000") }
        }
        #expect {
            try TestSupport.bars([try VisionFile(path: path)])
        } throws: { error in
            guard case .malformedRow(let problem) = error as? DataError else { return false }
            return problem.line == 3 && problem.reason.hasPrefix("high ") && problem.reason.contains("< low")
        }
    }

    @Test func closeTimeOutsideTheBarIsAnError() throws {
        let (path, _) = try writeSpotCSV(lines: 5) { number, cells in
            if number == 2 { cells[6] = String(Int64(cells[0])! + 60_000) }
        }
        #expect {
            try TestSupport.bars([try VisionFile(path: path)])
        } throws: { error in
            guard case .malformedRow(let problem) = error as? DataError else { return false }
            return problem.line == 2 && problem.field == "close_time"
        }
    }

    @Test func duplicatesAndOutOfOrderRowsAreClassifiedAndDropped() throws {
        let text = try TestSupport.csvText(ofZip: "\(TestSupport.spotBTC)/BTCUSDT-1m-2023-03.zip")
        var lines = text.split(separator: "\n").prefix(30).map(String.init)
        let conflicting = lines[5].replacingOccurrences(of: ",0\r", with: "").split(separator: ",").enumerated().map {
            $0.offset == 8 ? "1" : String($0.element)
        }.joined(separator: ",")
        lines.insert(lines[10], at: 11)            // exact duplicate, adjacent
        lines.insert(lines[3], at: 20)             // exact duplicate, late
        lines.insert(conflicting, at: 25)          // same open time as row 6, other trade count
        let folder = try TestSupport.temporaryFolder()
        let stranger = lines[0].replacingOccurrences(of: "1677628800000", with: "1677628740000")
            .replacingOccurrences(of: "1677628859999", with: "1677628799999")
        lines.insert(stranger, at: 28)             // older than everything, never seen
        let path = "\(folder)/spot/BTCUSDT-1m-2023-03.csv"
        try TestSupport.write(lines.joined(separator: "\n") + "\n", to: path)

        let (bars, report) = try TestSupport.bars([try VisionFile(path: path)])
        #expect(bars.count == 30)
        #expect(report.rows == 34)
        #expect(report.exactDuplicates == 2)
        #expect(report.conflictingDuplicates == 1)
        #expect(report.conflictingDuplicateExamples.first?.line == 26)
        #expect(report.outOfOrder == 1)
        #expect(report.outOfOrderExamples.first?.line == 29)
        #expect(report.hasErrors)
        #expect(report.gaps.isEmpty)
    }

    @Test func collectPolicyReportsEveryBadRowAndKeepsGoing() throws {
        let (path, _) = try writeSpotCSV(lines: 50) { number, cells in
            if number % 10 == 0 { cells[4] = "oops" }
        }
        let file = try VisionFile(path: path)
        let report = try SeriesReader(series: file.series, files: [file], policy: .collect).read { _ in }
        #expect(report.malformed == 5)
        #expect(report.malformedExamples.map(\.line) == [10, 20, 30, 40, 50])
        #expect(report.bars == 45)
        #expect(report.gaps.count == 4, "the last bad row is at the end of the file: no bar after it shows a gap")
    }

    @Test func fileNamesOutsideTheVisionLayoutNeedAMarket() throws {
        #expect(throws: DataError.self) { try VisionFile(path: "/tmp/BTCUSDT-1m-2023-03.zip") }
        #expect(try VisionFile(path: "/tmp/BTCUSDT-1m-2023-03.zip", fallbackMarket: .usdm).series.instrument.market == .usdm)
        #expect(try VisionFile(path: "/x/spot/BTCUSDT-1m-2023-03.zip", fallbackMarket: .usdm).series.instrument.market == .spot)
        #expect(throws: DataError.self) { try VisionFile(path: "/x/spot/BTCUSDT-3m-2023-03.zip") }
        #expect(throws: DataError.self) { try VisionFile(path: "/x/spot/prices.csv") }
        #expect(try VisionFile(path: "/x/spot/BTCUSDT-1h-2023-03-24.csv").period == "2023-03-24")
    }

    /// Writes the first `lines` real rows of the March 2023 spot file, edited by `edit(lineNumber, &cells)`.
    private func writeSpotCSV(lines: Int, edit: (Int, inout [String]) -> Void) throws -> (String, [String]) {
        let text = try TestSupport.csvText(ofZip: "\(TestSupport.spotBTC)/BTCUSDT-1m-2023-03.zip")
        let rows = text.split(separator: "\n").prefix(lines).enumerated().map { index, line -> String in
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            edit(index + 1, &cells)
            return cells.joined(separator: ",")
        }
        let path = try TestSupport.temporaryFolder() + "/spot/BTCUSDT-1m-2023-03.csv"
        try TestSupport.write(rows.joined(separator: "\n") + "\n", to: path)
        return (path, rows)
    }
}
