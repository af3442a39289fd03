import Foundation
import ZIPFoundation

@testable import ProdCore

/// Paths and file helpers shared by the ProdCore tests.
enum TestSupport {
    /// The repository root, found from this source file's location.
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func path(_ relative: String) -> String { repoRoot + "/" + relative }

    static let spotBTC = "data/sample/spot/monthly/klines/BTCUSDT/1m"
    static let futuresBTC = "data/sample/futures/um/monthly/klines/BTCUSDT/1m"
    static let futuresETH = "data/sample/futures/um/monthly/klines/ETHUSDT/1m"

    static func sampleFile(_ folder: String, _ name: String) throws -> VisionFile {
        try VisionFile(path: path("\(folder)/\(name)"))
    }

    /// The CSV text inside a Vision zip.
    static func csvText(ofZip relative: String) throws -> String {
        let archive = try Archive(url: URL(fileURLWithPath: path(relative)), accessMode: .read)
        var data = Data()
        for entry in archive { _ = try archive.extract(entry) { data.append($0) } }
        return String(decoding: data, as: UTF8.self)
    }

    /// A fresh empty folder under the system temporary directory.
    static func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "crupto-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Writes `text` as the single CSV entry of a zip at `path` (folders created as needed).
    static func writeZip(_ text: String, entryName: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        let data = Data(text.utf8)
        try archive.addEntry(
            with: entryName, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
        ) { position, size in
            data.subdata(in: Int(position)..<(Int(position) + size))
        }
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Reads every bar of the given files, stopping at the first malformed row.
    static func bars(_ files: [VisionFile]) throws -> (bars: [Bar], report: SeriesReport) {
        try SeriesReader(series: files[0].series, files: files).readAll()
    }
}
