/// Volume-weighted average price of the last `period` bars: Σ quote volume / Σ base volume,
/// summed exactly in fixed point. Undefined (NaN) while the window traded nothing.
public struct RollingVWAP: Sendable {
    public let period: Int
    public private(set) var value = Double.nan
    private var quoteVolumes: RingBuffer<Int64>
    private var baseVolumes: RingBuffer<Int64>
    private var quoteSum: Int128 = 0
    private var baseSum: Int128 = 0

    public init(period: Int) {
        precondition(period >= 1)
        self.period = period
        quoteVolumes = RingBuffer(capacity: period, filler: 0)
        baseVolumes = RingBuffer(capacity: period, filler: 0)
    }

    public var isReady: Bool { quoteVolumes.isFull }

    @inline(__always)
    public mutating func update(quoteVolume: Money, volume: Quantity) {
        if quoteVolumes.isFull {
            quoteSum -= Int128(quoteVolumes.oldest)
            baseSum -= Int128(baseVolumes.oldest)
        }
        quoteVolumes.push(quoteVolume.raw)
        baseVolumes.push(volume.raw)
        quoteSum += Int128(quoteVolume.raw)
        baseSum += Int128(volume.raw)
        guard quoteVolumes.isFull else { return }
        value = baseSum > 0 ? quoteSum.approximateDouble / baseSum.approximateDouble : .nan
    }
}
