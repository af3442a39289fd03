import Foundation
import ProdCore

/// A seeded, regime-switching price path with known regime labels (ARCHITECTURE.md §5: the same
/// seed gives the same bars on every run). For demos, soak runs and tests of the agents.
///
/// Log returns are Gaussian with the regime's hourly drift and volatility scaled to the bar
/// interval; ranging (and high-volatility) segments pull the price back towards their opening
/// price. Highs and lows extend past open and close by a draw of the same volatility; volume grows
/// with the size of the move and the regime's volume factor.
public struct SyntheticMarket: IteratorProtocol, Sequence, Sendable {
    /// A bar and the regime it was drawn in.
    public struct LabeledBar: Sendable {
        public var bar: Bar
        public var regime: SyntheticRegime
    }

    public let interval: Timeframe
    private var generator: SeededGenerator
    private var script: [SyntheticSegment]
    private var scripted: Bool
    private var segmentIndex = 0
    private var barsLeftInSegment: Int
    private var logPrice: Double
    private var anchor: Double
    private let startLogPrice: Double
    private var openTime: Int64
    private var barsLeft: Int

    /// `segments` = nil draws a random schedule from the seed; otherwise the bars follow the
    /// segments and end with them. `bars` caps the length either way.
    public init(
        seed: UInt64, interval: Timeframe, start: Int64, startPrice: Double = 20_000, segments: [SyntheticSegment]? = nil,
        bars: Int = .max
    ) {
        precondition(startPrice > 0, "startPrice must be positive")
        generator = SeededGenerator(seed: seed)
        self.interval = interval
        openTime = interval.bucketStart(of: start)
        logPrice = log(startPrice)
        startLogPrice = logPrice
        anchor = logPrice
        scripted = segments != nil
        script = segments ?? []
        barsLeft = segments.map { Swift.min(bars, $0.reduce(0) { $0 + Self.barCount(hours: $1.hours, interval: interval) }) } ?? bars
        barsLeftInSegment = 0
        if !scripted { script = [randomSegment(after: nil)] }
        barsLeftInSegment = script.first.map { Self.barCount(hours: $0.hours, interval: interval) } ?? 0
    }

    public mutating func next() -> LabeledBar? {
        guard barsLeft > 0 else { return nil }
        while barsLeftInSegment == 0 { advanceSegment() }
        barsLeft -= 1
        barsLeftInSegment -= 1
        let regime = script[segmentIndex].regime
        let dynamics = regime.dynamics
        let hours = Double(interval.milliseconds) / 3_600_000
        let scale = dynamics.volatility * hours.squareRoot()
        var drift = dynamics.drift * hours
        if let halfLife = dynamics.meanReversionHalfLife {
            drift -= (1 - exp(-log(2) / halfLife * hours)) * (logPrice - anchor)
        }
        let move = drift + scale * gaussian()
        let open = exp(logPrice)
        logPrice += move
        let close = exp(logPrice)
        let high = Swift.max(open, close) * exp(abs(gaussian()) * scale * 0.5)
        let low = Swift.min(open, close) * exp(-abs(gaussian()) * scale * 0.5)
        let activity = (1 + 2 * abs(move) / scale) * dynamics.volumeFactor * exp(0.3 * gaussian())
        let volume = 50 * hours * activity
        let bar = Self.bar(openTime: openTime, open: open, high: high, low: low, close: close, volume: volume, buyShare: move > 0 ? 0.55 : 0.45)
        openTime += interval.milliseconds
        return LabeledBar(bar: bar, regime: regime)
    }

    private mutating func advanceSegment() {
        if !scripted { script.append(randomSegment(after: script[segmentIndex].regime)) }
        segmentIndex += 1
        barsLeftInSegment = Self.barCount(hours: script[segmentIndex].hours, interval: interval)
        anchor = logPrice
    }

    /// The next regime of a random schedule: any other one (a crash rarely, and never right after
    /// another crash), keeping the price within a factor of 4 of where it started.
    private mutating func randomSegment(after previous: SyntheticRegime?) -> SyntheticSegment {
        let distance = logPrice - startLogPrice
        var choices: [(SyntheticRegime, Int)] = [(.trendUp, 3), (.trendDown, 3), (.ranging, 3), (.highVol, 2), (.crash, 1)]
        choices.removeAll { $0.0 == previous }
        if distance > log(4) { choices.removeAll { $0.0 == .trendUp } }
        if distance < -log(4) { choices.removeAll { $0.0 == .trendDown || $0.0 == .crash } }
        var pick = Int.random(in: 0..<choices.reduce(0) { $0 + $1.1 }, using: &generator)
        var regime = choices[0].0
        for (candidate, weight) in choices {
            if pick < weight { regime = candidate; break }
            pick -= weight
        }
        return SyntheticSegment(regime: regime, hours: Int.random(in: regime.randomDuration, using: &generator))
    }

    /// A standard normal draw (Box–Muller).
    private mutating func gaussian() -> Double {
        let u1 = Swift.max(Double.random(in: 0..<1, using: &generator), .leastNonzeroMagnitude)
        let u2 = Double.random(in: 0..<1, using: &generator)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    static func barCount(hours: Int, interval: Timeframe) -> Int {
        Swift.max(1, Int((Int64(hours) * 3_600_000) / interval.milliseconds))
    }

    /// Prices on a 0.01 grid and volumes on a 0.00001 grid, like spot BTCUSDT.
    private static func bar(openTime: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double, buyShare: Double) -> Bar {
        func price(_ value: Double) -> Price { Price(raw: Int64((value * 100).rounded()) * 1_000_000) }
        func quantity(_ value: Double) -> Quantity { Quantity(raw: Swift.max(1, Int64((value * 100_000).rounded())) * 1_000) }
        let o = price(open), c = price(close)
        let h = Swift.max(price(high), o, c), l = Swift.min(price(low), o, c)
        let base = quantity(volume), buy = quantity(volume * buyShare)
        let average = (open + close) / 2
        func money(_ value: Double) -> Money { Money(raw: Int64((value * 100_000_000).rounded())) }
        return Bar(
            openTime: openTime, open: o, high: h, low: l, close: c, volume: base,
            quoteVolume: money(base.doubleValue * average), tradeCount: Int64(base.doubleValue * 40) + 1,
            takerBuyBaseVolume: buy, takerBuyQuoteVolume: money(buy.doubleValue * average))
    }
}
