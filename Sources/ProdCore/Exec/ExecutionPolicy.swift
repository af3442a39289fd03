/// How entries are sent to the paper broker. Exits are always market orders: a protective exit
/// must not wait for a price.
public struct ExecutionPolicy: Equatable, Sendable, Codable {
    public enum EntryOrder: Equatable, Sendable, Codable {
        case market
        /// A resting limit `offset` away from the decision close (below for buys), cancelled when
        /// not completely filled within `timeoutBars` bars of the feed.
        case limit(offset: Rate, timeoutBars: Int)
    }

    public var entryOrder: EntryOrder
    /// Largest share of a bar's traded volume one order may fill in that bar; the rest stays
    /// working. `nil` = no cap.
    public var maxVolumeShare: Rate?

    public init(entryOrder: EntryOrder = .market, maxVolumeShare: Rate? = nil) {
        self.entryOrder = entryOrder
        self.maxVolumeShare = maxVolumeShare
    }
}
