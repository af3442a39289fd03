import ProdCore

/// What goes wrong on the fake exchange, by exchange time, as a YAML file
/// (`brain fake-exchange --faults FILE`) or set by a test. Times are `YYYY-MM-DDTHH:MM[:SS]Z`.
///
/// ```yaml
/// drop_streams_at: ["2023-03-01T02:00Z"]            # close every stream connection then
/// stream_silent: [{from: "2023-03-01T03:00Z", to: "2023-03-01T03:10Z"}]   # klines of these minutes never sent on the stream
/// zombie: [{from: "2023-03-01T04:00Z", to: "2023-03-01T04:05Z"}]          # stream open but no frame at all
/// duplicate_klines: true                            # every closed kline sent twice
/// connection_lifetime_minutes: 1440                 # a stream connection is closed at this age (Binance: 24 h)
/// rest_errors: [{from: "2023-03-01T05:00Z", to: "2023-03-01T05:02Z", status: 429, retry_after: 1}]
/// ```
public struct FakeBinanceFaults: Sendable, Equatable {
    public struct Window: Sendable, Equatable {
        public var from: Int64
        public var to: Int64
        public init(from: Int64, to: Int64) {
            self.from = from
            self.to = to
        }
        public func contains(_ time: Int64) -> Bool { time >= from && time < to }
    }

    public struct RESTError: Sendable, Equatable {
        public var window: Window
        public var status: Int
        public var retryAfterSeconds: Int

        public init(window: Window, status: Int, retryAfterSeconds: Int) {
            self.window = window
            self.status = status
            self.retryAfterSeconds = retryAfterSeconds
        }
    }

    public var dropStreamsAt: [Int64] = []
    public var streamSilent: [Window] = []
    public var zombie: [Window] = []
    public var duplicateKlines = false
    public var restErrors: [RESTError] = []
    /// Exchange milliseconds after which the fake closes a stream connection, as Binance does at 24 h.
    public var connectionLifetime: Int64?

    public init() {}

    public static func load(from path: String) throws(ConfigError) -> FakeBinanceFaults {
        try YAMLConfigLoader.load(File.self, from: path).faults(file: path)
    }

    public static func parse(_ text: String, file: String) throws(ConfigError) -> FakeBinanceFaults {
        try YAMLConfigLoader.decode(File.self, from: text, file: file).faults(file: file)
    }

    private struct File: Decodable {
        struct WindowFile: Decodable {
            let from: String
            let to: String
        }
        struct RESTErrorFile: Decodable {
            let from: String
            let to: String
            let status: Int
            let retry_after: Int?
        }
        let drop_streams_at: [String]?
        let stream_silent: [WindowFile]?
        let zombie: [WindowFile]?
        let duplicate_klines: Bool?
        let rest_errors: [RESTErrorFile]?
        let connection_lifetime_minutes: Int?

        func faults(file: String) throws(ConfigError) -> FakeBinanceFaults {
            func time(_ text: String, _ field: String) throws(ConfigError) -> Int64 {
                guard let time = UTCTimestamp.parseISO8601(text) else {
                    throw ConfigError(file: file, field: field, reason: "expected YYYY-MM-DDTHH:MM[:SS]Z, got '\(text)'")
                }
                return time
            }
            func window(_ from: String, _ to: String, _ field: String) throws(ConfigError) -> Window {
                let window = Window(from: try time(from, field + ".from"), to: try time(to, field + ".to"))
                guard window.from < window.to else { throw ConfigError(file: file, field: field, reason: "from must be before to") }
                return window
            }
            var faults = FakeBinanceFaults()
            for (index, text) in (drop_streams_at ?? []).enumerated() { faults.dropStreamsAt.append(try time(text, "drop_streams_at[\(index)]")) }
            for (index, entry) in (stream_silent ?? []).enumerated() { faults.streamSilent.append(try window(entry.from, entry.to, "stream_silent[\(index)]")) }
            for (index, entry) in (zombie ?? []).enumerated() { faults.zombie.append(try window(entry.from, entry.to, "zombie[\(index)]")) }
            faults.duplicateKlines = duplicate_klines ?? false
            if let minutes = connection_lifetime_minutes {
                guard (1...10_080).contains(minutes) else {
                    throw ConfigError(file: file, field: "connection_lifetime_minutes", reason: "expected 1…10080, got \(minutes)")
                }
                faults.connectionLifetime = Int64(minutes) * 60_000
            }
            for (index, entry) in (rest_errors ?? []).enumerated() {
                let field = "rest_errors[\(index)]"
                guard [418, 429, 500, 502, 503].contains(entry.status) else {
                    throw ConfigError(file: file, field: field + ".status", reason: "expected 418, 429, 500, 502 or 503, got \(entry.status)")
                }
                let retry = entry.retry_after ?? 1
                guard (0...3_600).contains(retry) else { throw ConfigError(file: file, field: field + ".retry_after", reason: "expected 0…3600 seconds") }
                faults.restErrors.append(RESTError(window: try window(entry.from, entry.to, field), status: entry.status, retryAfterSeconds: retry))
            }
            return faults
        }
    }
}
