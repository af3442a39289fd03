/// A bar built from one-minute bars, with how many of its minutes had no source bar.
public struct AggregatedBar: Equatable, Sendable, Codable {
    public let bar: Bar
    public let timeframe: Timeframe
    /// Minutes of the bucket with no source bar (a gap in the feed). 0 for a complete bar.
    public let missingMinutes: Int

    public var isComplete: Bool { missingMinutes == 0 }
}

/// Turns a time-ordered stream of 1m bars into closed bars of a larger timeframe, aligned to UTC.
///
/// A bucket is emitted as soon as its last minute arrives, or when a bar of a later bucket
/// shows that it is over. A bucket that is still open when the stream ends is never emitted.
public struct BarAggregator: Sendable, Codable {
    public let timeframe: Timeframe
    private var current: Bar?
    private var bucketStart: Int64 = 0
    private var minutesSeen = 0

    public init(timeframe: Timeframe) {
        self.timeframe = timeframe
    }

    /// Adds the next 1m bar; `emit` receives zero, one or two closed bars.
    public mutating func add(_ minute: Bar, emit: (AggregatedBar) throws -> Void) rethrows {
        let start = timeframe.bucketStart(of: minute.openTime)
        if var bar = current, start == bucketStart {
            bar.high = max(bar.high, minute.high)
            bar.low = min(bar.low, minute.low)
            bar.close = minute.close
            bar.volume = Quantity(raw: bar.volume.raw + minute.volume.raw)
            bar.quoteVolume = Money(raw: bar.quoteVolume.raw + minute.quoteVolume.raw)
            bar.tradeCount += minute.tradeCount
            bar.takerBuyBaseVolume = Quantity(raw: bar.takerBuyBaseVolume.raw + minute.takerBuyBaseVolume.raw)
            bar.takerBuyQuoteVolume = Money(raw: bar.takerBuyQuoteVolume.raw + minute.takerBuyQuoteVolume.raw)
            current = bar
            minutesSeen += 1
        } else {
            if let unfinished = current { try emit(closed(unfinished)) }
            var bar = minute
            bar.openTime = start
            current = bar
            bucketStart = start
            minutesSeen = 1
        }
        if minute.openTime + Timeframe.m1.milliseconds == bucketStart + timeframe.milliseconds, let bar = current {
            try emit(closed(bar))
            current = nil
        }
    }

    private func closed(_ bar: Bar) -> AggregatedBar {
        AggregatedBar(bar: bar, timeframe: timeframe, missingMinutes: timeframe.minutes - minutesSeen)
    }
}
