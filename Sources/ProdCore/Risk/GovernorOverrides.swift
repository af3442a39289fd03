/// Optional tighter values for the hard limits; `nil` keeps the governance file's value.
public struct GovernorOverrides: Equatable, Sendable, Codable {
    public var maxDailyLoss: Rate?
    public var maxGrossExposure: Rate?
    public var maxPositionNotional: Money?
    public var maxLeverage: Rate?

    public init(maxDailyLoss: Rate? = nil, maxGrossExposure: Rate? = nil, maxPositionNotional: Money? = nil, maxLeverage: Rate? = nil) {
        self.maxDailyLoss = maxDailyLoss
        self.maxGrossExposure = maxGrossExposure
        self.maxPositionNotional = maxPositionNotional
        self.maxLeverage = maxLeverage
    }
}
