/// A funding rate settled on a USDT-M perpetual at a funding time.
public struct FundingRateEvent: Equatable, Sendable {
    public let time: Int64
    public let rate: Rate

    public init(time: Int64, rate: Rate) {
        self.time = time
        self.rate = rate
    }
}

/// Estimates USDT-M funding rates from the perpetual–spot premium by Binance's published formula,
/// for periods without `fundingRate` files:
///
///     F = P + clamp(I − P, −0.05 %, +0.05 %),   I = 0.01 % per 8 h interval
///
/// where P is the time-weighted average premium index over the interval (the premium of minute k
/// of the interval weighs k, as Binance weighs later samples more). The premium index of a minute is
/// approximated by (perpetual close − spot close) / spot close: Binance uses impact bid/ask prices
/// against a multi-exchange index every 5 s, which Vision does not publish. Minutes missing on
/// either side do not count. Rates are rounded to 8 decimals, as Binance publishes them.
public struct FundingRateEstimator: Sendable {
    public static let interval: Int64 = 8 * 3_600_000
    public static let interestRate = 0.0001
    public static let clampLimit = 0.0005

    private var intervalStart: Int64?
    private var weightedPremium = 0.0
    private var totalWeight = 0.0

    public init() {}

    /// The funding time at or after `time`: 00:00, 08:00 or 16:00 UTC.
    public static func nextFundingTime(atOrAfter time: Int64) -> Int64 {
        let floor = time - ((time % interval) + interval) % interval
        return floor == time ? time : floor + interval
    }

    /// Adds the premium of the minute opening at `time`. Returns the rate settled at the end of the
    /// previous interval when this minute starts a new one (and that interval had samples).
    public mutating func observe(time: Int64, perpetualClose: Price, spotClose: Price) -> FundingRateEvent? {
        let start = time - ((time % Self.interval) + Self.interval) % Self.interval
        var settled: FundingRateEvent?
        if let current = intervalStart, start != current { settled = settle() }
        intervalStart = start
        let weight = Double((time - start) / Timeframe.m1.milliseconds + 1)
        let premium = (perpetualClose.doubleValue - spotClose.doubleValue) / spotClose.doubleValue
        weightedPremium += weight * premium
        totalWeight += weight
        return settled
    }

    /// The rate of the interval in progress, settled at its end; `nil` without samples.
    public mutating func settle() -> FundingRateEvent? {
        defer {
            weightedPremium = 0
            totalWeight = 0
        }
        guard let start = intervalStart, totalWeight > 0 else { return nil }
        let premium = weightedPremium / totalWeight
        let rate = premium + min(max(Self.interestRate - premium, -Self.clampLimit), Self.clampLimit)
        return FundingRateEvent(time: start + Self.interval, rate: Rate(raw: Int64((rate * 1e8).rounded())))
    }

    /// Rates for every interval of two time-ordered series of 1m (open time, close), matching
    /// minutes by open time. The interval in progress at the end of the data is not settled.
    public static func rates(perpetual: [TimedPrice], spot: [TimedPrice]) -> [FundingRateEvent] {
        var estimator = FundingRateEstimator()
        var events: [FundingRateEvent] = []
        var spotIndex = 0
        for minute in perpetual {
            while spotIndex < spot.count && spot[spotIndex].time < minute.time { spotIndex += 1 }
            guard spotIndex < spot.count, spot[spotIndex].time == minute.time else { continue }
            if let event = estimator.observe(time: minute.time, perpetualClose: minute.price, spotClose: spot[spotIndex].price) {
                events.append(event)
            }
        }
        // Settle the last interval only if the data reached its end.
        if let last = perpetual.last, last.time + Timeframe.m1.milliseconds == nextFundingTime(atOrAfter: last.time + 1),
           let event = estimator.settle() {
            events.append(event)
        }
        return events
    }
}

/// A price at a time, such as a 1m close at its open time.
public struct TimedPrice: Equatable, Sendable {
    public let time: Int64
    public let price: Price

    public init(time: Int64, price: Price) {
        self.time = time
        self.price = price
    }
}
