/// Volume-weighted average price of the last `period` bars: Σ quote volume / Σ base volume,
/// summed exactly in fixed point. Undefined (NaN) while the window traded nothing.
public struct RollingVWAP: Sendable {
    public let period: Int
    public private(set) var value = Double.nan
    private var volumes: RingBuffer<(quote: Int64, base: Int64)>
    private var quoteSum: Int128 = 0
    private var baseSum: Int128 = 0

    public init(period: Int) {
        precondition(period >= 1)
        self.period = period
        volumes = RingBuffer(capacity: period, filler: (0, 0))
    }

    public var isReady: Bool { volumes.isFull }

    @inline(__always)
    public mutating func update(quoteVolume: Money, volume: Quantity) {
        if volumes.isFull {
            let leaving = volumes.oldest
            quoteSum &-= Int128(leaving.quote)
            baseSum &-= Int128(leaving.base)
        }
        volumes.push((quoteVolume.raw, volume.raw))
        quoteSum &+= Int128(quoteVolume.raw)
        baseSum &+= Int128(volume.raw)
        guard volumes.isFull else { return }
        value = baseSum > 0 ? quoteSum.approximateDouble / baseSum.approximateDouble : .nan
    }
}
