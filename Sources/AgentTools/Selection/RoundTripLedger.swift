/// Net PnL of closed round trips per strategy key, from fills: entries open or add to a position,
/// exits close it in proportion, and the close's PnL (fees of both sides included) is returned.
public struct RoundTripLedger: Sendable {
    private struct Open: Sendable {
        var quantity = 0.0
        var notional = 0.0
        var fees = 0.0
        var isLong = true
    }

    private var open: [String: Open] = [:]

    public init() {}

    /// Takes one fill; returns the PnL of the part of the position it closed, if it was an exit.
    public mutating func record(strategy: String, isBuy: Bool, isEntry: Bool, quantity: Double, notional: Double, fee: Double) -> Double? {
        guard quantity > 0 else { return nil }
        if isEntry {
            var position = open[strategy] ?? Open()
            if position.quantity == 0 { position.isLong = isBuy }
            position.quantity += quantity
            position.notional += notional
            position.fees += fee
            open[strategy] = position
            return nil
        }
        guard var position = open[strategy], position.quantity > 0 else { return nil }
        let share = min(1, quantity / position.quantity)
        let entryNotional = position.notional * share
        let entryFees = position.fees * share
        let gross = position.isLong ? notional - entryNotional : entryNotional - notional
        position.quantity -= min(quantity, position.quantity)
        position.notional -= entryNotional
        position.fees -= entryFees
        open[strategy] = position.quantity > 0 ? position : nil
        return gross - entryFees - fee
    }
}
