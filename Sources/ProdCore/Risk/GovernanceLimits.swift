/// The hard limits of `configs/governance.yaml`.
public struct GovernanceLimits: Equatable, Sendable {
    /// Fraction of the day's starting equity that may be lost in one UTC day (0.03 = 3 %).
    public let maxDailyLoss: Rate
    /// Largest gross position value after an entry, as a fraction of equity (1 = no leverage).
    public let maxGrossExposure: Rate
    public let maxPositionNotional: Money

    public init(maxDailyLoss: Rate, maxGrossExposure: Rate, maxPositionNotional: Money) {
        self.maxDailyLoss = maxDailyLoss
        self.maxGrossExposure = maxGrossExposure
        self.maxPositionNotional = maxPositionNotional
    }

    /// Loads and validates a governance file.
    public static func load(from path: String) throws(ConfigError) -> GovernanceLimits {
        try YAMLConfigLoader.load(GovernanceFile.self, from: path).limits(path: path)
    }

    /// Parses governance YAML text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> GovernanceLimits {
        try YAMLConfigLoader.decode(GovernanceFile.self, from: text, file: file).limits(path: file)
    }
}

/// The on-disk shape of `configs/governance.yaml`; decimals are strings so they are read exactly.
private struct GovernanceFile: Decodable {
    let max_daily_loss_pct: String
    let max_gross_exposure_pct: String
    let max_position_notional: String

    func limits(path: String) throws(ConfigError) -> GovernanceLimits {
        func percent(_ text: String, _ field: String, _ range: ClosedRange<Int64>) throws(ConfigError) -> Rate {
            guard let value = Rate(text), value.raw > 0, range.contains(value.raw / FixedPointScale.factor),
                  value.raw % 100 == 0
            else {
                throw ConfigError(
                    file: path, field: field,
                    reason: "expected a percentage in (0, \(range.upperBound)] with at most 6 decimals, got '\(text)'")
            }
            return Rate(raw: value.raw / 100)
        }
        guard let notional = Money(max_position_notional), notional.isPositive else {
            throw ConfigError(file: path, field: "max_position_notional",
                              reason: "expected a positive decimal, got '\(max_position_notional)'")
        }
        return GovernanceLimits(
            maxDailyLoss: try percent(max_daily_loss_pct, "max_daily_loss_pct", 0...99),
            maxGrossExposure: try percent(max_gross_exposure_pct, "max_gross_exposure_pct", 0...1000),
            maxPositionNotional: notional)
    }
}
