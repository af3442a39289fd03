/// Funding-rate reversion on USDT-M perpetuals, deciding on 1h bars. An extreme funding rate
/// means one side is crowded and pays to stay; the strategy takes the other side, collecting the
/// funding, and expects the crowded move to revert.
///
/// * Entry, once per settled rate, on the first decision bar after it: rate ≥ `entry_bps` → short;
///   rate ≤ −`entry_bps` → long. Confidence 0.5 + 0.25 × |rate| / `entry_bps`, at most 1.
/// * Exit: the next settled rate is back inside ±`exit_bps` or has flipped sign, or the position
///   is `max_hold_bars` decision bars old. Stop-loss `stop_pct` and take-profit `target_pct` of the
///   entry price are set on every entry.
public struct FundingReversion: Strategy {
    public static let name = "funding_rev"
    public static let timeframe: Timeframe? = .h1
    public static let markets: [Market] = [.usdm]
    public static let parameters = [
        StrategyParameter("entry_bps", range: 0.5...100, default: 3, isInteger: false),
        StrategyParameter("exit_bps", range: 0...100, default: 1, isInteger: false),
        StrategyParameter("max_hold_bars", range: 1...1000, default: 48),
        StrategyParameter("stop_pct", range: 0.1...50, default: 2, isInteger: false),
        StrategyParameter("target_pct", range: 0.1...50, default: 3, isInteger: false),
    ]

    public static func validate(_ parameters: [String: Double]) -> String? {
        parameters["exit_bps"]! < parameters["entry_bps"]! ? nil : "exit_bps must be smaller than entry_bps"
    }

    private let entryRate: Double
    private let exitRate: Double
    private let maxHoldBars: Int
    private let stopPercent: Double
    private let targetPercent: Double
    /// The last settled rate not yet acted on, as a fraction.
    private var freshRate: Double?
    private var rateToCheckForExit: Double?
    private var barsHeld = 0

    public init(parameters: [String: Double]) {
        entryRate = parameters["entry_bps"]! / 10_000
        exitRate = parameters["exit_bps"]! / 10_000
        maxHoldBars = Int(parameters["max_hold_bars"]!)
        stopPercent = parameters["stop_pct"]!
        targetPercent = parameters["target_pct"]!
    }

    public var warmUpBars: Int { 1 }

    public mutating func onFundingRate(_ rate: Rate, at time: Int64) {
        freshRate = rate.doubleValue
        rateToCheckForExit = rate.doubleValue
    }

    public mutating func onBar(_ bar: Bar, position: Quantity) -> Signal? {
        defer { freshRate = nil }
        if position.raw != 0 {
            barsHeld += 1
            defer { rateToCheckForExit = nil }
            let normalized = rateToCheckForExit.map { abs($0) <= exitRate || ($0 > 0) != (position.raw < 0) } ?? false
            return normalized || barsHeld >= maxHoldBars ? Signal(action: .exit) : nil
        }
        barsHeld = 0
        guard let rate = freshRate, abs(rate) >= entryRate else { return nil }
        return Signal(
            action: .enter(rate > 0 ? .sell : .buy), stopLossPercent: stopPercent, takeProfitPercent: targetPercent,
            confidence: min(1, 0.5 + 0.25 * abs(rate) / entryRate))
    }
}
