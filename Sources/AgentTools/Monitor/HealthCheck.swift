/// What the Monitor agent measures at a decision point.
public struct HealthReadings: Sendable, Equatable, Codable {
    /// Wall seconds between this snapshot and the runner's previous message.
    public var runnerSilenceSeconds: Double
    /// Live feeds: wall clock minus the decision time; `nil` for replays.
    public var feedLagSeconds: Double?
    /// Wall milliseconds the agents took at the previous decision point.
    public var agentMilliseconds: Double
    /// The runner's last commit, in milliseconds.
    public var lastCommitMilliseconds: Double?
    public var databaseBytes: Int64?
    public var drawdown: Double
    public var safeMode: Bool

    public init(
        runnerSilenceSeconds: Double, feedLagSeconds: Double?, agentMilliseconds: Double, lastCommitMilliseconds: Double?,
        databaseBytes: Int64?, drawdown: Double, safeMode: Bool
    ) {
        self.runnerSilenceSeconds = runnerSilenceSeconds
        self.feedLagSeconds = feedLagSeconds
        self.agentMilliseconds = agentMilliseconds
        self.lastCommitMilliseconds = lastCommitMilliseconds
        self.databaseBytes = databaseBytes
        self.drawdown = drawdown
        self.safeMode = safeMode
    }
}

/// The Monitor agent's thresholds and what they mean.
public struct HealthCheck: Sendable, Equatable {
    public var runnerSilenceWarning: Double = 5
    public var feedLagWarning: Double = 120
    public var agentBudgetMilliseconds: Double = 50
    public var commitWarningMilliseconds: Double = 1_000
    public var databaseWarningBytes: Int64 = 2 << 30
    /// Account drawdown at which the Brain halts the runner and flattens.
    public var haltDrawdown: Double = 0.25

    public init() {}

    public enum Severity: String, Sendable { case warning, critical }

    public struct Finding: Sendable, Equatable {
        public var severity: Severity
        public var code: String
        public var message: String
        /// Critical findings that must stop trading.
        public var halts: Bool
    }

    public func findings(_ readings: HealthReadings) -> [Finding] {
        var found: [Finding] = []
        func add(_ severity: Severity, _ code: String, _ message: String, halts: Bool = false) {
            found.append(Finding(severity: severity, code: code, message: message, halts: halts))
        }
        if readings.runnerSilenceSeconds >= runnerSilenceWarning {
            add(.warning, "runner_slow", "no message from the runner for \(Int(readings.runnerSilenceSeconds)) s")
        }
        if let lag = readings.feedLagSeconds, lag >= feedLagWarning { add(.warning, "feed_stale", "feed \(Int(lag)) s behind the wall clock") }
        if readings.agentMilliseconds >= agentBudgetMilliseconds {
            add(.warning, "agents_slow", "agents took \(Int(readings.agentMilliseconds)) ms (budget \(Int(agentBudgetMilliseconds)) ms)")
        }
        if let commit = readings.lastCommitMilliseconds, commit >= commitWarningMilliseconds {
            add(.warning, "database_slow", "last commit took \(Int(commit)) ms")
        }
        if let bytes = readings.databaseBytes, bytes >= databaseWarningBytes {
            add(.warning, "database_large", "database holds \(bytes >> 20) MiB: run scripts/vacuum_and_rotate.sh")
        }
        if readings.safeMode { add(.warning, "runner_safe_mode", "the runner is in safe mode: no new entries") }
        if readings.drawdown >= haltDrawdown {
            add(.critical, "drawdown_limit", "drawdown \(Int(readings.drawdown * 100)) % reached the halt level \(Int(haltDrawdown * 100)) %", halts: true)
        }
        return found
    }
}
