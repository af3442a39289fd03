import Foundation
import Testing

@testable import ProdCore

/// Feeds random and mutated input to the CSV parser and the file reader: they must never crash,
/// and every failure must be a clear error naming the file and line.
@Suite struct KlineParserFuzzTests {
    static let alphabet = Array("0123456789.,-+eE\r\n \tNaInf".utf8) + [0, 0xFF, 0xC3]

    @Test func randomAndMutatedLinesNeverCrashTheRowParser() throws {
        var random = SeededGenerator(seed: 20_230_324)
        let real = try TestSupport.csvText(ofZip: "\(TestSupport.spotBTC)/BTCUSDT-1m-2023-03.zip")
            .split(separator: "\n").prefix(2000).map { Array($0.utf8) }
        let parser = KlineRowParser(timeframe: .m1)
        var parsed = 0
        var rejected = 0
        for iteration in 0..<60_000 {
            var line: [UInt8]
            switch iteration % 3 {
            case 0:
                line = (0..<Int.random(in: 0...160, using: &random)).map { _ in
                    Self.alphabet.randomElement(using: &random)!
                }
            case 1:
                line = real.randomElement(using: &random)!
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let position = Int.random(in: 0..<line.count, using: &random)
                    line[position] = Self.alphabet.randomElement(using: &random)!
                }
            default:
                line = real.randomElement(using: &random)!
                line = Array(line.prefix(Int.random(in: 0...line.count, using: &random)))
            }
            let result = line.withUnsafeBufferPointer { parser.parse($0, from: 0, to: $0.count) }
            let careful = line.withUnsafeBufferPointer { parser.parseCarefully($0, from: 0, to: $0.count) }
            #expect(result == careful, "fast and careful parsers disagree on \(String(decoding: line, as: UTF8.self))")
            switch result {
            case .success(let bar):
                parsed += 1
                #expect(bar.low <= bar.open && bar.open <= bar.high && bar.low <= bar.close && bar.close <= bar.high)
                #expect(bar.volume.raw >= 0 && bar.tradeCount >= 0)
            case .failure(let error):
                rejected += 1
                #expect(!error.reason.isEmpty)
                if let field = error.field { #expect(KlineRowParser.columns.contains(field)) }
            }
        }
        #expect(parsed > 1000 && rejected > 30_000, "the mix should exercise both paths: \(parsed) parsed, \(rejected) rejected")
    }

    @Test func randomFilesGiveErrorsThatNameFileAndLine() throws {
        var random = SeededGenerator(seed: 7)
        let folder = try TestSupport.temporaryFolder() + "/spot"
        let real = try TestSupport.csvText(ofZip: "\(TestSupport.spotBTC)/BTCUSDT-1m-2023-03.zip")
        let realBytes = Array(real.utf8.prefix(40_000))
        for round in 0..<300 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...3000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                bytes = realBytes
                for _ in 0..<Int.random(in: 1...20, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = Self.alphabet.randomElement(using: &random)!
                }
            }
            let isZip = round % 5 == 4
            let name = "BTCUSDT-1m-2023-01-\(String(format: "%02d", round % 28 + 1))"
            let filePath = "\(folder)/\(name).\(isZip ? "zip" : "csv")"
            try? FileManager.default.removeItem(atPath: filePath)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: filePath))
            let file = try VisionFile(path: filePath)
            do {
                _ = try SeriesReader(series: file.series, files: [file], policy: .stop).read { _ in }
            } catch let error as DataError {
                #expect(error.description.hasPrefix(filePath), "\(error)")
                if case .malformedRow(let problem) = error {
                    #expect(problem.line >= 1)
                    #expect(!problem.reason.isEmpty)
                }
            }
            let report = try SeriesReader(series: file.series, files: [file], policy: .collect).read { _ in }
            #expect(report.rows >= report.bars)
        }
    }
}
