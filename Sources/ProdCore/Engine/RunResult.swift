/// A funding settlement on one plan entry's perpetual position.
public struct FundingPayment: Equatable, Sendable, Codable {
    public let time: Int64
    public let instrument: InstrumentID
    public let strategy: String
    public let rate: Rate
    public let position: Quantity
    /// Paid by the account; negative when received.
    public let amount: Money
}

/// Everything a finished run produced.
public struct RunResult: Sendable {
    /// Bar inputs processed (all instruments).
    public let bars: Int
    public let firstTime: Int64?
    public let lastTime: Int64?
    public let initialCash: Money
    public let finalEquity: Money
    public let portfolio: Portfolio
    public let fills: [Fill]
    /// Orders refused or cancelled, each with its reason code.
    public let rejections: [OrderRejection]
    public let trades: [Trade]
    public let governorEvents: [GovernorEvent]
    public let fundingPayments: [FundingPayment]
    /// Over the equity marked once per distinct event time.
    public let figures: PerformanceFigures
    /// SHA-256 of the input sequence and the fills.
    public let digest: String
}
