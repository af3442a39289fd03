/// The declared bounds of every number in a plan (docs/protocol.md). Plans from the socket are
/// decoded without the checks the flag parsers make, so nothing here may be assumed.
extension PlanValidator {
    static let maxIDLength = 128
    static let maxSourceLength = 256

    static func identityReasons(_ plan: Plan, at time: Int64?) -> [String] {
        var reasons: [String] = []
        if let id = plan.id, id.isEmpty || id.utf8.count > maxIDLength || id.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            reasons.append("id: must be 1 to \(maxIDLength) bytes without control characters")
        }
        if plan.source.utf8.count > maxSourceLength { reasons.append("source: longer than \(maxSourceLength) bytes") }
        if let expiry = plan.expiresAt, let time, expiry <= time {
            reasons.append("expires_at: the plan expired at \(UTCTimestamp.iso8601(expiry)), before \(UTCTimestamp.iso8601(time))")
        }
        return reasons
    }

    static func boundsReasons(_ plan: Plan) -> [String] {
        var reasons: [String] = []
        func check(_ ok: Bool, _ reason: @autoclosure () -> String) { if !ok { reasons.append(reason()) } }
        let one = FixedPointScale.factor
        func fraction(_ rate: Rate?, _ field: String, max: Int64) {
            guard let rate else { return }
            check(rate.isPositive && rate.raw <= max, "\(field): must be in (0, \(Rate(raw: max))], got \(rate)")
        }
        switch plan.sizing {
        case .allIn: break
        case .fixed(let quantity): check(quantity.isPositive, "sizing.fixed: quantity must be positive, got \(quantity)")
        case .risk(let rate): fraction(rate, "sizing.risk", max: one)
        case .atr(let rate, let multiple):
            fraction(rate, "sizing.atr", max: one)
            fraction(multiple, "sizing.atr.multiple", max: 100 * one)
        case .kelly(let rate, let cap):
            fraction(rate, "sizing.kelly", max: one)
            fraction(cap, "sizing.kelly.cap", max: 100 * one)
        }
        fraction(plan.exits.stopLoss, "exits.stop_loss", max: one - 1)
        fraction(plan.exits.takeProfit, "exits.take_profit", max: 10 * one)
        fraction(plan.exits.breakEvenTrigger, "exits.break_even_trigger", max: 10 * one)
        if let trailing = plan.exits.trailing {
            check((2...1000).contains(trailing.period), "exits.trailing.period: must be in 2...1000, got \(trailing.period)")
            check(trailing.multiple.isFinite && trailing.multiple > 0 && trailing.multiple <= 100,
                  "exits.trailing.multiple: must be a finite number in (0, 100], got \(trailing.multiple)")
            fraction(trailing.armAfter, "exits.trailing.arm_after", max: 10 * one)
        }
        let risk = plan.risk
        check((0...1_000_000).contains(risk.cooldownBarsAfterStop), "risk.cooldown_bars_after_stop: must be in 0...1000000")
        if let cap = risk.maxEntriesPerHour { check((1...10_000).contains(cap), "risk.max_entries_per_hour: must be in 1...10000") }
        if let notional = risk.maxPositionNotional { check(notional.isPositive, "risk.max_position_notional: must be positive") }
        if let cap = risk.maxOpenPositions { check((1...10_000).contains(cap), "risk.max_open_positions: must be in 1...10000") }
        let governor = plan.governor
        fraction(governor.maxDailyLoss, "governor.max_daily_loss", max: one)
        if let exposure = governor.maxGrossExposure { check(exposure.isPositive, "governor.max_gross_exposure: must be positive") }
        if let notional = governor.maxPositionNotional { check(notional.isPositive, "governor.max_position_notional: must be positive") }
        if let leverage = governor.maxLeverage { check(leverage.isPositive, "governor.max_leverage: must be positive") }
        return reasons
    }
}
