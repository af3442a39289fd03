import Foundation

/// One kline series: a symbol on a market at one interval.
public struct SeriesKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let instrument: InstrumentID
    public let timeframe: Timeframe

    public init(instrument: InstrumentID, timeframe: Timeframe) {
        self.instrument = instrument
        self.timeframe = timeframe
    }

    public var description: String { "\(instrument.symbol) \(instrument.market) \(timeframe)" }

    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        (lhs.instrument, lhs.timeframe) < (rhs.instrument, rhs.timeframe)
    }
}

/// A Binance Vision kline file (`SYMBOL-INTERVAL-YYYY-MM[-DD].zip|.csv`) and the series it holds.
public struct VisionFile: Hashable, Comparable, Sendable {
    public let path: String
    public let series: SeriesKey
    /// `YYYY-MM` for monthly files, `YYYY-MM-DD` for daily ones.
    public let period: String
    public let isZip: Bool

    public init(path: String, series: SeriesKey, period: String, isZip: Bool) {
        self.path = path
        self.series = series
        self.period = period
        self.isZip = isZip
    }

    /// Recognizes a Vision file from its name and location.
    ///
    /// The market comes from the Vision folder layout (`…/spot/…` or `…/futures/um/…`);
    /// `fallbackMarket` is used only for files outside that layout.
    public init(path: String, fallbackMarket: Market? = nil) throws(DataError) {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        let isZip: Bool
        let stem: Substring
        if name.hasSuffix(".zip") {
            isZip = true
            stem = name.dropLast(4)
        } else if name.hasSuffix(".csv") {
            isZip = false
            stem = name.dropLast(4)
        } else {
            throw .unrecognizedFile(path, reason: "expected a .zip or .csv Binance Vision kline file")
        }
        let parts = stem.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4 || parts.count == 5,
              !parts[0].isEmpty, parts[0].allSatisfy({ $0.isUppercase || $0.isNumber }),
              parts[2].count == 4, parts[3].count == 2, parts.count == 4 || parts[4].count == 2,
              parts[2...].allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else {
            throw .unrecognizedFile(path, reason: "file name must look like BTCUSDT-1m-2023-03.zip (or -2023-03-24 for daily files)")
        }
        guard let timeframe = Timeframe(rawValue: String(parts[1])) else {
            let known = Timeframe.allCases.map(\.rawValue).joined(separator: ", ")
            throw .unrecognizedFile(path, reason: "unsupported interval '\(parts[1])' (supported: \(known))")
        }
        guard let market = Self.market(fromLayout: url.pathComponents) ?? fallbackMarket else {
            throw .unrecognizedFile(
                path, reason: "cannot tell the market: keep the Vision layout (…/spot/… or …/futures/um/…) or pass --market")
        }
        self.init(
            path: path,
            series: SeriesKey(instrument: InstrumentID(symbol: String(parts[0]), market: market), timeframe: timeframe),
            period: parts[2...].joined(separator: "-"),
            isZip: isZip)
    }

    private static func market(fromLayout components: [String]) -> Market? {
        for (index, component) in components.enumerated().reversed() {
            if component == "spot" { return .spot }
            if component == "futures", index + 1 < components.count, components[index + 1] == "um" { return .usdm }
        }
        return nil
    }

    public static func < (lhs: VisionFile, rhs: VisionFile) -> Bool {
        (lhs.series, lhs.period, lhs.path) < (rhs.series, rhs.period, rhs.path)
    }
}

/// Finds Vision kline files under files and folders given on the command line.
public enum VisionFileLocator {
    /// Every kline file named or found (recursively) under `paths`, sorted by series then period.
    ///
    /// Inside folders, files that are not klines (such as `.CHECKSUM`) are skipped;
    /// a file named explicitly must be a kline file.
    public static func discover(_ paths: [String], fallbackMarket: Market? = nil) throws(DataError) -> [VisionFile] {
        var files: [VisionFile] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .fileNotFound(path) }
            guard isDirectory.boolValue else {
                files.append(try VisionFile(path: path, fallbackMarket: fallbackMarket))
                continue
            }
            let children = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? []).sorted()
            for child in children where child.hasSuffix(".zip") || child.hasSuffix(".csv") {
                files.append(try VisionFile(path: (path as NSString).appendingPathComponent(child), fallbackMarket: fallbackMarket))
            }
        }
        return Array(Set(files)).sorted()
    }

    /// Files grouped by series, each group in period order.
    public static func groupBySeries(_ files: [VisionFile]) -> [(series: SeriesKey, files: [VisionFile])] {
        var groups: [(series: SeriesKey, files: [VisionFile])] = []
        for file in files.sorted() {
            if let last = groups.last, last.series == file.series {
                groups[groups.count - 1].files.append(file)
            } else {
                groups.append((file.series, [file]))
            }
        }
        return groups
    }
}
