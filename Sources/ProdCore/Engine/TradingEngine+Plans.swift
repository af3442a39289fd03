/// Plans and operator controls: what runs, and the kill switch.
extension TradingEngine {
    /// Makes a validated plan current: entries it keeps continue with their warm state, new ones
    /// start cold, dropped ones drain (no entries; exits keep working until flat).
    mutating func install(_ validated: ValidatedPlan) {
        let plan = validated.plan
        let trailingChanged = plan.exits.trailing?.period != self.plan.exits.trailing?.period
        self.plan = plan
        governor.limits = validated.limits
        for slot in slots.indices where !slots[slot].isDraining {
            if plan.entries.contains(slots[slot].entry) {
                slots[slot].risk.rules = plan.risk
                if trailingChanged { slots[slot].trailingATR = plan.exits.trailing.map { ATR(period: $0.period) } }
            } else {
                slots[slot].isDraining = true
                drainingSlots += 1
                if let working = slots[slot].working, working.order.intent == .entry {
                    cancelWorking(slot, .cancelledBySignal, "the plan no longer enables \(slots[slot].label)", at: clock ?? 0)
                }
            }
        }
        for entry in plan.entries where !slots.contains(where: { !$0.isDraining && $0.entry == entry }) {
            let instrument = config.index(of: entry.instrument)!
            let strategy = config.catalog.strategy(named: entry.strategy.name)!.init(parameters: entry.strategy.parameters)
            slots.append(StrategySlot(entry: entry, instrument: instrument, strategy: strategy, plan: plan, baseTimeframe: config.baseTimeframe))
            strategies.append(strategy)
        }
        removeDrainedSlots(force: true)
    }

    mutating func receive(_ plan: Plan, at time: Int64) {
        do {
            let validated = try validator.validate(plan, at: time)
            install(validated)
            governorEvents.append(GovernorEvent(time: time, kind: .planApplied, detail: plan.canonicalText))
            planRecords.append(PlanRecord(
                sequence: sequence, time: time, id: plan.id, source: plan.source, text: plan.canonicalText, applied: true,
                reasons: []))
        } catch {
            governorEvents.append(GovernorEvent(
                time: time, kind: .planRejected, detail: "\(plan.source): " + error.reasons.joined(separator: "; ")))
            planRecords.append(PlanRecord(
                sequence: sequence, time: time, id: plan.id, source: plan.source, text: plan.canonicalText, applied: false,
                reasons: error.reasons))
        }
    }

    mutating func apply(_ control: Control, at time: Int64) {
        switch control {
        case .killSwitch(let flatten):
            governor.engageKillSwitch()
            let cancelled = cancelWorkingEntries(.cancelledByKillSwitch, "kill switch", at: time)
            var flattening = 0
            for slot in slots.indices {
                if flatten && !slots[slot].isFlat {
                    if slots[slot].working == nil { slots[slot].working = marketExit(slot, .killSwitch, at: time) }
                    flattening += 1
                }
            }
            governorEvents.append(GovernorEvent(
                time: time, kind: .killSwitch,
                detail: "entries blocked; \(cancelled) working entries cancelled; "
                    + (flatten ? "\(flattening) positions closing at the next open" : "positions kept with their exits")))
        case .releaseKillSwitch:
            governor.releaseKillSwitch()
            governorEvents.append(GovernorEvent(time: time, kind: .killSwitchReleased, detail: "entries allowed again"))
        case .enterSafeMode(let reason):
            governor.setSafeMode(true)
            let cancelled = cancelWorkingEntries(.cancelledBySafeMode, "safe mode", at: time)
            governorEvents.append(GovernorEvent(
                time: time, kind: .safeModeEntered, detail: "\(reason); entries blocked; \(cancelled) working entries cancelled"))
        case .leaveSafeMode:
            governor.setSafeMode(false)
            governorEvents.append(GovernorEvent(time: time, kind: .safeModeLeft, detail: "entries allowed again"))
        }
    }

    /// Cancels every working entry; working exits keep going, they reduce risk. Returns how many.
    private mutating func cancelWorkingEntries(_ reason: RejectReason, _ detail: String, at time: Int64) -> Int {
        var cancelled = 0
        for slot in slots.indices where slots[slot].working?.order.intent == .entry {
            cancelWorking(slot, reason, detail, at: time)
            cancelled += 1
        }
        return cancelled
    }

    /// Drops slots that drained to flat and rebuilds the per-instrument index when anything changed.
    mutating func removeDrainedSlots(force: Bool = false) {
        let drained = slots.indices.filter { slots[$0].isDraining && slots[$0].isIdle }
        for slot in drained.reversed() {
            slots.remove(at: slot)
            strategies.remove(at: slot)
        }
        drainingSlots -= drained.count
        guard force || !drained.isEmpty else { return }
        slotsByInstrument = Array(repeating: [], count: config.instruments.count)
        for slot in slots.indices { slotsByInstrument[slots[slot].instrument].append(slot) }
    }
}
