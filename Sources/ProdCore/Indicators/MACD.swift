/// Moving average convergence/divergence (TA-Lib `MACD`).
///
/// As in TA-Lib, both EMAs start at the same bar: the slow one seeded with the SMA of the first
/// `slow` values, the fast one with the SMA of the `fast` values ending at that bar. The signal
/// line is an EMA of MACD seeded the same way, and all three outputs start with it, after
/// `slow + signal − 1` inputs.
public struct MACD: Sendable, Codable {
    public let fastPeriod: Int
    public let slowPeriod: Int
    public let signalPeriod: Int
    public private(set) var macd = Double.nan
    public private(set) var signal = Double.nan
    public private(set) var histogram = Double.nan
    private let fastFactor: Double
    private let slowFactor: Double
    private let signalFactor: Double
    private var recent: RingBuffer<Double>
    private var seen = 0
    private var slowSeedSum = 0.0
    private var fastEMA = 0.0
    private var slowEMA = 0.0
    private var signalSeen = 0
    private var signalSeedSum = 0.0
    private var signalEMA = 0.0

    public init(fast: Int, slow: Int, signal: Int) {
        precondition(fast >= 2 && slow >= 2 && signal >= 1)
        fastPeriod = min(fast, slow)
        slowPeriod = max(fast, slow)
        signalPeriod = signal
        fastFactor = IndicatorMath.emaFactor(fastPeriod)
        slowFactor = IndicatorMath.emaFactor(slowPeriod)
        signalFactor = IndicatorMath.emaFactor(signal)
        recent = RingBuffer(capacity: fastPeriod, filler: 0)
    }

    public var isReady: Bool { signalSeen >= signalPeriod }

    @inline(__always)
    public mutating func update(_ input: Double) {
        if seen >= slowPeriod {
            fastEMA = (input - fastEMA) * fastFactor + fastEMA
            slowEMA = (input - slowEMA) * slowFactor + slowEMA
        } else {
            seen += 1
            slowSeedSum += input
            recent.push(input)
            guard seen == slowPeriod else { return }
            slowEMA = slowSeedSum / Double(slowPeriod)
            var fastSeedSum = 0.0
            for index in 0..<fastPeriod { fastSeedSum += recent[index] }
            fastEMA = fastSeedSum / Double(fastPeriod)
        }
        let line = fastEMA - slowEMA
        if signalSeen >= signalPeriod {
            signalEMA = (line - signalEMA) * signalFactor + signalEMA
        } else {
            signalSeen += 1
            signalSeedSum += line
            guard signalSeen == signalPeriod else { return }
            signalEMA = signalSeedSum / Double(signalPeriod)
        }
        macd = line
        signal = signalEMA
        histogram = line - signalEMA
    }
}
