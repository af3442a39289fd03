import ArgumentParser
import ProdCore

/// Where kline files come from: files and folders, the bundled sample by default.
struct DataSourceOptions: ParsableArguments {
    static let samplePath = "data/sample"

    @Option(help: "Market (spot or usdm) of files outside the Vision folder layout (…/spot/…, …/futures/um/…).")
    var market: Market?

    func files(_ paths: [String]) throws -> [VisionFile] {
        let files = try VisionFileLocator.discover(paths.isEmpty ? [Self.samplePath] : paths, fallbackMarket: market)
        guard !files.isEmpty else {
            throw CLIError("no Binance Vision kline files (.zip or .csv) under \(paths.joined(separator: " "))")
        }
        return files
    }
}

extension Market: ExpressibleByArgument {}
extension Timeframe: ExpressibleByArgument {}
