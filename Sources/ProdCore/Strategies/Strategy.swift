/// What a strategy asks for at the close of a bar.
public struct Signal: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        /// Open a position on this side (long on spot).
        case enter(OrderSide)
        /// Close the open position.
        case exit
    }

    public let action: Action
    /// Stop-loss distance in percent of the entry price, when the strategy sets one.
    public let stopLossPercent: Double?
    /// Take-profit distance in percent of the entry price, when the strategy sets one.
    public let takeProfitPercent: Double?
    /// 0.5 = no edge, 1 = certain; used by confidence-based sizing.
    public let confidence: Double

    public init(action: Action, stopLossPercent: Double? = nil, takeProfitPercent: Double? = nil, confidence: Double = 0.5) {
        self.action = action
        self.stopLossPercent = stopLossPercent
        self.takeProfitPercent = takeProfitPercent
        self.confidence = confidence
    }
}

/// A trading rule: fed closed bars of its timeframe, it returns signals. Pure and deterministic:
/// the same bars always give the same signals. Codable: its state is part of an engine snapshot.
public protocol Strategy: Sendable, Codable {
    /// Name used in plans, on the command line and in reports (`ema_cross`).
    static var name: String { get }
    /// The parameters it accepts, with bounds.
    static var parameters: [StrategyParameter] { get }
    /// The bar timeframe it is designed for, or `nil` when it works on any.
    static var timeframe: Timeframe? { get }
    /// Rules across parameters (such as fast < slow); `nil` when the values are consistent.
    static func validate(_ parameters: [String: Double]) -> String?
    /// Builds the strategy from validated parameter values (every declared name is present).
    init(parameters: [String: Double])
    /// The markets it may trade on (default: both).
    static var markets: [Market] { get }
    /// Bars needed before the first signal can be trusted.
    var warmUpBars: Int { get }
    /// Called at the close of each bar; `position` is the current signed position.
    mutating func onBar(_ bar: Bar, position: Quantity) -> Signal?
    /// Called with each funding rate of the instrument it trades, at the funding time (USDT-M only).
    mutating func onFundingRate(_ rate: Rate, at time: Int64)
}
