import Foundation

/// Decides whether a strategy the enable map allows may run, from its recent results: turned off
/// when, over at least `minimumTrades` recent round trips, its profit factor falls below
/// `minimumProfitFactor` or its expectancy below zero; turned on again only after `cooldown`
/// decision points, with a clean score (probation).
public struct StrategyGate: Sendable, Equatable {
    public struct Rules: Sendable, Equatable {
        public var minimumTrades: Int
        public var minimumProfitFactor: Double
        public var cooldownDecisions: Int

        public init(minimumTrades: Int = 6, minimumProfitFactor: Double = 0.8, cooldownDecisions: Int = 72) {
            self.minimumTrades = minimumTrades
            self.minimumProfitFactor = minimumProfitFactor
            self.cooldownDecisions = cooldownDecisions
        }
    }

    public enum Verdict: Sendable, Equatable {
        case enabled
        /// Turned off now or earlier; enabled again at decision `until`.
        case coolingDown(until: Int, reason: String)
    }

    public let rules: Rules
    private(set) var offUntil: Int?
    private(set) var reason = ""

    public init(rules: Rules) {
        self.rules = rules
    }

    /// The verdict at decision number `decision`; a strategy turned off has its score reset when
    /// its cooldown ends.
    public mutating func verdict(at decision: Int, score: inout StrategyScore) -> Verdict {
        if let until = offUntil {
            if decision < until { return .coolingDown(until: until, reason: reason) }
            offUntil = nil
            score.reset()
        }
        guard score.results.count >= rules.minimumTrades, let factor = score.profitFactor, let expectancy = score.expectancy else {
            return .enabled
        }
        if factor < rules.minimumProfitFactor || expectancy < 0 {
            offUntil = decision + rules.cooldownDecisions
            reason = "profit factor \(Self.format(factor)), expectancy \(Self.format(expectancy)) over \(score.results.count) trades"
            return .coolingDown(until: offUntil!, reason: reason)
        }
        return .enabled
    }

    static func format(_ value: Double) -> String {
        value.isFinite ? String(format: "%.2f", value) : "inf"
    }
}
