import Foundation
import ProdCore

/// Writes a synthetic market as Binance Vision spot 1m kline files (one CSV a month, in the Vision
/// folder layout), so that the runner replays it through the same reader, checks, fingerprints
/// and recovery as real data; and the true regime of every bar beside them in `labels.csv`.
public enum SyntheticVisionWriter {
    /// What was written: the data folder to replay (`FOLDER/data`) and the labels file.
    public struct Output: Sendable {
        public var dataFolder: String
        public var labelsFile: String
        public var bars: Int
    }

    /// Writes `market` (1m bars) for `symbol` under `folder`, replacing files of the same name.
    public static func write(_ market: SyntheticMarket, symbol: String, to folder: String) throws -> Output {
        precondition(market.interval == .m1, "Vision files of the synthetic feed hold 1m bars")
        let directory = "\(folder)/data/spot/monthly/klines/\(symbol)/1m"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var month = ""
        var text: [UInt8] = []
        var labels = Array("open_time,regime\n".utf8)
        var count = 0
        func flush() throws {
            guard !month.isEmpty else { return }
            let path = "\(directory)/\(symbol)-1m-\(month).csv"
            try Data(text).write(to: URL(fileURLWithPath: path), options: .atomic)
            text.removeAll(keepingCapacity: true)
        }
        for labeled in market {
            let bar = labeled.bar
            let barMonth = String(UTCTimestamp.iso8601(bar.openTime).prefix(7))
            if barMonth != month {
                try flush()
                month = barMonth
            }
            text += Array("\(bar.openTime),\(bar.open),\(bar.high),\(bar.low),\(bar.close),\(bar.volume),\(bar.openTime + 59_999),".utf8)
            text += Array("\(bar.quoteVolume),\(bar.tradeCount),\(bar.takerBuyBaseVolume),\(bar.takerBuyQuoteVolume),0\n".utf8)
            labels += Array("\(bar.openTime),\(labeled.regime.rawValue)\n".utf8)
            count += 1
        }
        try flush()
        let labelsFile = "\(folder)/labels.csv"
        try Data(labels).write(to: URL(fileURLWithPath: labelsFile), options: .atomic)
        return Output(dataFolder: "\(folder)/data", labelsFile: labelsFile, bars: count)
    }
}
