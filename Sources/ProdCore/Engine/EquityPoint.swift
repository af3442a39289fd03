/// The account at the close of one bar of the feed's timeframe (the shortest decision timeframe
/// of the run), marked at the closes.
public struct EquityPoint: Equatable, Sendable, Codable {
    /// Close time of the bar (epoch ms): the open time plus the feed's timeframe.
    public let time: Int64
    public let equity: Money
    public let cash: Money
    /// Σ |position × mark| over every instrument.
    public let grossExposure: Money
}
