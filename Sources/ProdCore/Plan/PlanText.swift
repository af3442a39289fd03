/// One line per plan that is the same for equal plans in every process (no dictionary order, no
/// reflection): what the digest records and what events and reports show.
extension Plan {
    public var canonicalText: String {
        // Id and expiry appear only when set, so plans made by flags keep the text (and digests) they had.
        var parts = (id.map { ["id=\($0)"] } ?? []) + (expiresAt.map { ["expires=\($0)"] } ?? []) + ["source=\(source)"]
        parts += entries.map { "entry=\($0.strategy)@\($0.instrument.symbol):\($0.instrument.market):\($0.timeframe)" }
        parts.append("sizing=\(sizing)")
        parts.append("exits=" + [
            exits.stopLoss.map { "stop:\($0)" }, exits.takeProfit.map { "target:\($0)" },
            exits.breakEvenTrigger.map { "break_even:\($0)" },
            exits.trailing.map { "trail:\($0.period):\($0.multiple):\($0.armAfter.map(\.description) ?? "-")" },
        ].compactMap { $0 }.joined(separator: ","))
        parts.append("risk=cooldown:\(risk.cooldownBarsAfterStop),per_hour:\(risk.maxEntriesPerHour.map(String.init) ?? "-"),"
            + "notional:\(risk.maxPositionNotional.map(\.description) ?? "-"),open:\(risk.maxOpenPositions.map(String.init) ?? "-")")
        switch execution.entryOrder {
        case .market: parts.append("entry_order=market")
        case .limit(let offset, let timeout): parts.append("entry_order=limit:\(offset):\(timeout)")
        }
        parts.append("max_volume_share=\(execution.maxVolumeShare.map(\.description) ?? "-")")
        parts.append("governor=" + [
            governor.maxDailyLoss.map { "daily_loss:\($0)" }, governor.maxGrossExposure.map { "gross:\($0)" },
            governor.maxPositionNotional.map { "notional:\($0)" }, governor.maxLeverage.map { "leverage:\($0)" },
        ].compactMap { $0 }.joined(separator: ","))
        return parts.joined(separator: " ")
    }
}
