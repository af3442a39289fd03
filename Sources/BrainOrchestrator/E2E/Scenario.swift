import AgentTools
import ExchangeSim
import ProdCore
import Yams

/// An e2e scenario (docs/e2e.md): a market, settings, actions at decision points, and what must be
/// observed in the run. Read from YAML by `ScenarioParser`.
public struct Scenario {
    public var name: String
    public var file: String
    public var market: Market
    public var decisionInterval: Timeframe?
    public var lockstepTimeout: Double?
    /// Overrides merged into the shipped configs/brain.yaml, runner.yaml and governance.yaml.
    public var configOverrides: [ConfigFile: Node] = [:]
    /// The enable map at the start; `nil` = configs/enable_map.yaml.
    public var enableMap: String?
    public var actions = ScenarioActions()
    public var expectations: [Expectation] = []

    public enum Market: Sendable {
        case synthetic(SyntheticScript)
        case replay(dataPaths: [String], from: String?, to: String?)
    }

    public enum ConfigFile: String, CaseIterable, Sendable {
        case brain, runner, governance
    }

    /// Which runs a digest expectation needs besides the scenario's own.
    public enum DigestCheck: String, Sendable, CaseIterable {
        /// Run again as is: the same digest.
        case stable
        /// Run again without the actions: the same digest (the actions did not change the outcome).
        case sameWithoutActions = "same_without_actions"
    }

    public enum Expectation: Sendable {
        case decisions(CountRange)
        case regimes(symbol: String, RegimeExpectation)
        case mapVersions(CountRange)
        case strategies(StrategyWindow)
        case governorEvents(GovernorEvent.Kind, CountRange)
        case alert(code: String, contains: String?)
        case restarts(CountRange)
        case plansRejected(CountRange)
        case fills(CountRange)
        /// Promotion and demotion audit rows in the run's database.
        case promotions(CountRange)
        case artifact(String)
        case digest(DigestCheck)
    }
}

/// A seeded synthetic market following a script of regime segments.
public struct SyntheticScript: Sendable {
    public var seed: UInt64
    public var symbol: String
    public var start: Int64
    public var segments: [SyntheticSegment]

    /// The true regime of the bar that closed at `time`; `nil` outside the script.
    public func truth(closingAt time: Int64) -> SyntheticRegime? {
        var end = start
        for segment in segments {
            end += Int64(segment.hours) * 3_600_000
            if time > start && time <= end { return segment.regime }
        }
        return nil
    }
}

/// A count that must lie in `min...max` (either end open).
public struct CountRange: Sendable, Equatable, CustomStringConvertible {
    public var min: Int?
    public var max: Int?

    public func contains(_ value: Int) -> Bool { value >= (min ?? .min) && value <= (max ?? .max) }

    public var description: String {
        switch (min, max) {
        case let (low?, high?) where low == high: "\(low)"
        case let (low?, high?): "\(low)…\(high)"
        case let (low?, nil): "≥ \(low)"
        case let (nil, high?): "≤ \(high)"
        case (nil, nil): "any"
        }
    }
}

/// The regimes the brain reported for one symbol, as the runner journaled them in plan sources.
public struct RegimeExpectation: Sendable {
    /// Must appear in this order (other regimes may come between: the tolerance).
    public var sequence: [MarketRegime]
    public var maxSwitches: Int?
    /// Synthetic markets: share of classified decision points whose regime is the true one.
    public var minAgreement: Double?
}

/// The strategies in force in the runner over decision points `from..<to`.
public struct StrategyWindow: Sendable {
    public var from: Int
    public var to: Int?
    /// Nothing else may be enabled.
    public var only: Set<String>?
    /// Each must be enabled at some point.
    public var includes: Set<String>
}
