import Foundation
import ProdCore

/// Where the benchmarks find the full real data set: ../shared/data/binance beside the
/// repository, or CRUPTO_BENCH_DATA.
public enum BenchmarkData {
    public static let root: String = ProcessInfo.processInfo.environment["CRUPTO_BENCH_DATA"] ?? {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("shared/data/binance").path
    }()

    /// The spot BTCUSDT 1m files, or `nil` (after printing why) when they are absent.
    public static func spotBTCUSDT() -> [VisionFile]? {
        files(market: "spot/monthly")
    }

    /// The BTCUSDT 1m files under `market` (`spot/monthly`, `futures/um/monthly`), or `nil` (after
    /// printing why) when they are absent.
    public static func files(market: String) -> [VisionFile]? {
        let folder = root + "/\(market)/klines/BTCUSDT/1m"
        guard let files = try? VisionFileLocator.discover([folder]), !files.isEmpty else {
            print("SKIPPED: no BTCUSDT 1m files under \(folder)")
            return nil
        }
        return files
    }
}
