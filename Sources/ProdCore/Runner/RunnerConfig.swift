/// `configs/runner.yaml`: the universe, the decision interval, the dead-man timeouts and where
/// the runner listens and writes.
public struct RunnerConfig: Sendable {
    public var universe: [InstrumentID]
    public var decisionInterval: Timeframe
    public var initialCash: Money
    public var heartbeatTimeout: Duration
    public var lockstepTimeout: Duration
    public var symbolsFile: String
    public var governanceFile: String
    public var socket: String
    public var database: String
    public var reports: String
    /// Loopback port of the runner's /metrics; 0 = no metrics.
    public var metricsPort: Int
    /// Where `--feed live` reads Binance's public market data.
    public var live: LiveEndpoints = .binance
    /// Days of history before a run's first minute (`--from`, or a live run's start) that warm up
    /// its indicators, strategies and the brain's classifier without trading; 0 = none.
    public var warmUpDays: Int = 0

    public static func load(from path: String) throws(ConfigError) -> RunnerConfig {
        try YAMLConfigLoader.load(RunnerConfigFile.self, from: path).config(file: path)
    }

    public static func parse(_ text: String, file: String) throws(ConfigError) -> RunnerConfig {
        try YAMLConfigLoader.decode(RunnerConfigFile.self, from: text, file: file).config(file: file)
    }
}

private struct RunnerConfigFile: Decodable {
    let universe: [String]
    let decision_interval: String
    let initial_cash: String
    let heartbeat_timeout_seconds: Double
    let lockstep_timeout_seconds: Double
    let symbols_file: String
    let governance_file: String
    let socket: String
    let database: String
    let reports: String
    let metrics_port: Int?
    let live: LiveFile?
    let warm_up_days: Int?

    struct LiveFile: Decodable {
        struct MarketFile: Decodable {
            let rest: String?
            let ws: String?
        }
        let spot: MarketFile?
        let usdm: MarketFile?
    }

    func config(file: String) throws(ConfigError) -> RunnerConfig {
        func fail(_ field: String, _ reason: String) -> ConfigError { ConfigError(file: file, field: field, reason: reason) }
        let instruments: [InstrumentID]
        do {
            instruments = try RunnerConfig.universe(universe)
        } catch {
            throw fail(error.index.map { "universe[\($0)]" } ?? "universe", error.reason)
        }
        guard let interval = Timeframe(rawValue: decision_interval), interval.milliseconds >= Timeframe.m5.milliseconds else {
            throw fail("decision_interval", "expected a timeframe of at least 5m (5m, 15m, 1h, 4h, 1d), got '\(decision_interval)'")
        }
        guard let cash = Money(initial_cash), cash.isPositive else {
            throw fail("initial_cash", "expected a positive decimal, got '\(initial_cash)'")
        }
        func timeout(_ seconds: Double, _ field: String) throws(ConfigError) -> Duration {
            guard let duration = SettingBounds.duration(seconds: seconds, in: SettingBounds.timeoutSeconds) else {
                throw fail(field, SettingBounds.expected(SettingBounds.timeoutSeconds, "seconds", got: "\(seconds)"))
            }
            return duration
        }
        let heartbeat = try timeout(heartbeat_timeout_seconds, "heartbeat_timeout_seconds")
        let lockstep = try timeout(lockstep_timeout_seconds, "lockstep_timeout_seconds")
        for (field, path) in [("symbols_file", symbols_file), ("governance_file", governance_file), ("socket", socket),
                              ("database", database), ("reports", reports)] where path.isEmpty {
            throw fail(field, "must not be empty")
        }
        let port = metrics_port ?? 0
        guard (0...65_535).contains(port) else { throw fail("metrics_port", "expected 1…65535, or 0 for no metrics, got \(port)") }
        var endpoints = LiveEndpoints.binance
        endpoints.spot.rest = live?.spot?.rest ?? endpoints.spot.rest
        endpoints.spot.ws = live?.spot?.ws ?? endpoints.spot.ws
        endpoints.usdm.rest = live?.usdm?.rest ?? endpoints.usdm.rest
        endpoints.usdm.ws = live?.usdm?.ws ?? endpoints.usdm.ws
        if let (field, problem) = endpoints.validate() { throw fail("live.\(field)", problem) }
        let warmUp = warm_up_days ?? 0
        guard (0...365).contains(warmUp) else { throw fail("warm_up_days", "expected 0…365 days, got \(warmUp)") }
        return RunnerConfig(
            universe: instruments, decisionInterval: interval, initialCash: cash,
            heartbeatTimeout: heartbeat, lockstepTimeout: lockstep,
            symbolsFile: symbols_file, governanceFile: governance_file, socket: socket, database: database, reports: reports,
            metricsPort: port, live: endpoints, warmUpDays: warmUp)
    }
}

extension RunnerConfig {
    /// Why a universe list is invalid; `index` names the entry.
    public struct UniverseError: Error, Sendable {
        public let index: Int?
        public let reason: String
    }

    /// `SYMBOL:MARKET` entries (market spot or usdm), each listed once, at least one.
    public static func universe(_ entries: [String]) throws(UniverseError) -> [InstrumentID] {
        var instruments: [InstrumentID] = []
        for (index, text) in entries.enumerated() {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let market = Market(rawValue: parts[1]) else {
                throw UniverseError(index: index, reason: "expected SYMBOL:MARKET such as BTCUSDT:spot, got '\(text)'")
            }
            let id = InstrumentID(symbol: parts[0], market: market)
            guard !instruments.contains(id) else { throw UniverseError(index: index, reason: "\(text) is listed twice") }
            instruments.append(id)
        }
        guard !instruments.isEmpty else { throw UniverseError(index: nil, reason: "list at least one SYMBOL:MARKET") }
        return instruments
    }
}
