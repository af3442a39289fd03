/// The hard limits of `configs/governance.yaml`.
public struct GovernanceLimits: Equatable, Sendable, Codable {
    /// Fraction of the day's starting equity that may be lost in one UTC day (0.03 = 3 %).
    public let maxDailyLoss: Rate
    /// Largest gross position value after an entry, as a fraction of equity (1 = no leverage).
    public let maxGrossExposure: Rate
    public let maxPositionNotional: Money
    /// Largest value of all USDT-M positions together as a multiple of equity.
    public let maxLeverage: Rate

    public init(maxDailyLoss: Rate, maxGrossExposure: Rate, maxPositionNotional: Money, maxLeverage: Rate = Rate(raw: FixedPointScale.factor)) {
        self.maxDailyLoss = maxDailyLoss
        self.maxGrossExposure = maxGrossExposure
        self.maxPositionNotional = maxPositionNotional
        self.maxLeverage = maxLeverage
    }

    /// These limits with the plan's overrides applied; throws the list of overrides that would loosen a limit.
    public func tightened(by overrides: GovernorOverrides) throws(PlanRejection) -> GovernanceLimits {
        var loosening: [String] = []
        func pick<T: Comparable & CustomStringConvertible>(_ override: T?, _ limit: T, _ field: String) -> T {
            guard let override else { return limit }
            if override > limit { loosening.append("\(field) \(override) loosens the hard limit \(limit)") }
            return min(override, limit)
        }
        let tightened = GovernanceLimits(
            maxDailyLoss: pick(overrides.maxDailyLoss, maxDailyLoss, "governor.max_daily_loss"),
            maxGrossExposure: pick(overrides.maxGrossExposure, maxGrossExposure, "governor.max_gross_exposure"),
            maxPositionNotional: pick(overrides.maxPositionNotional, maxPositionNotional, "governor.max_position_notional"),
            maxLeverage: pick(overrides.maxLeverage, maxLeverage, "governor.max_leverage"))
        guard loosening.isEmpty else { throw PlanRejection(reasons: loosening) }
        return tightened
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
    let max_leverage: String

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
        guard let leverage = Rate(max_leverage), leverage.isPositive, leverage.raw <= 125 * FixedPointScale.factor else {
            throw ConfigError(file: path, field: "max_leverage",
                              reason: "expected a multiple of equity in (0, 125], got '\(max_leverage)'")
        }
        return GovernanceLimits(
            maxDailyLoss: try percent(max_daily_loss_pct, "max_daily_loss_pct", 0...99),
            maxGrossExposure: try percent(max_gross_exposure_pct, "max_gross_exposure_pct", 0...1000),
            maxPositionNotional: notional, maxLeverage: leverage)
    }
}
