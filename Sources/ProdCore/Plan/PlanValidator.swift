/// A plan that passed validation, with the limits it leaves in force.
public struct ValidatedPlan: Sendable {
    public let plan: Plan
    public let limits: GovernanceLimits
}

/// Checks a plan against what the core can do and the human-owned limits (ARCHITECTURE.md §6.4).
public struct PlanValidator: Sendable {
    public let catalog: StrategyCatalog
    public let instruments: [Instrument]
    public let baseTimeframe: Timeframe
    public let governance: GovernanceLimits

    public init(catalog: StrategyCatalog, instruments: [Instrument], baseTimeframe: Timeframe, governance: GovernanceLimits) {
        self.catalog = catalog
        self.instruments = instruments
        self.baseTimeframe = baseTimeframe
        self.governance = governance
    }

    /// Checks `plan` arriving at event time `time` (`nil` for the plan a run starts with).
    public func validate(_ plan: Plan, at time: Int64?) throws(PlanRejection) -> ValidatedPlan {
        var reasons = Self.identityReasons(plan, at: time) + Self.boundsReasons(plan)
        var seen: Set<String> = []
        for (index, entry) in plan.entries.enumerated() {
            let field = "entries[\(index)]"
            if !seen.insert(entry.description).inserted { reasons.append("\(field): \(entry) is enabled twice") }
            guard let type = catalog.strategy(named: entry.strategy.name) else {
                reasons.append("\(field).strategy: unknown strategy \(entry.strategy.name) (known: \(catalog.names.joined(separator: ", ")))")
                continue
            }
            do { _ = try StrategySpec(name: entry.strategy.name, values: entry.strategy.parameters, catalog: catalog) } catch {
                reasons.append("\(field).strategy: \(error.reason)")
            }
            if !instruments.contains(where: { $0.id == entry.instrument }) {
                reasons.append("\(field).instrument: \(entry.instrument) is not in this run's universe")
            }
            if !type.markets.contains(entry.instrument.market) {
                reasons.append("\(field): \(type.name) trades only on \(type.markets.map(\.rawValue).joined(separator: ", "))")
            }
            if entry.timeframe.milliseconds % baseTimeframe.milliseconds != 0 {
                reasons.append("\(field).timeframe: \(entry.timeframe) is not a multiple of the feed's \(baseTimeframe)")
            }
        }
        if case .limit(let offset, let timeout) = plan.execution.entryOrder,
           offset.raw < 0 || offset.raw >= FixedPointScale.factor / 10 || !(1...10_000).contains(timeout) {
            reasons.append("execution.entry_order: limit offset must be in [0, 10 %) and timeout in 1...10000 bars")
        }
        if let share = plan.execution.maxVolumeShare, !share.isPositive || share.raw > FixedPointScale.factor {
            reasons.append("execution.max_volume_share: must be in (0, 1], got \(share)")
        }
        var limits = governance
        do { limits = try governance.tightened(by: plan.governor) } catch { reasons += error.reasons }
        guard reasons.isEmpty else { throw PlanRejection(reasons: reasons) }
        return ValidatedPlan(plan: plan, limits: limits)
    }
}
