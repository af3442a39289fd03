import Foundation
import ProdCore

/// How lucky a result was: its trades and its days resampled many times, from a seed (the same
/// seed gives the same numbers). Three resamplings —
/// * trade order reshuffled: the same trades in another order (the final return is the same;
///   the drawdown on the way is not);
/// * trades drawn with replacement: final return, max drawdown and profit factor;
/// * days drawn in blocks of `blockDays` with replacement (circular), from the daily returns of
///   the equity curve: final return, max drawdown and the worst day —
/// and the probabilities that the max drawdown reaches the Monitor's halt level and that a day
/// loses more than the governor's daily limit.
public struct MonteCarlo: Sendable {
    public let tradePnL: [Double]
    /// Close-to-close returns of each UTC day of the equity curve.
    public let dailyReturns: [Double]
    public let initialCash: Double
    public let haltDrawdown: Double
    public let dailyLossLimit: Double

    public init(tradePnL: [Double], equity: [EquityPoint], initialCash: Double, haltDrawdown: Double, dailyLossLimit: Double) {
        self.tradePnL = tradePnL
        dailyReturns = DailyReturns(equity, initialCash: initialCash).returns
        self.initialCash = initialCash
        self.haltDrawdown = haltDrawdown
        self.dailyLossLimit = dailyLossLimit
    }

    public func run(samples: Int, seed: UInt64, blockDays: Int) -> MonteCarloResult {
        var generator = SeededGenerator(seed: seed)
        var reshuffledDrawdowns: [Double] = []
        var drawn: (returns: [Double], drawdowns: [Double], profitFactors: [Double]) = ([], [], [])
        var days: (returns: [Double], drawdowns: [Double], worst: [Double]) = ([], [], [])
        var halts = (reshuffled: 0, drawn: 0, days: 0)
        var dailyLimitHit = 0
        for _ in 0..<samples {
            if !tradePnL.isEmpty {
                let shuffled = tradePnL.shuffled(using: &generator)
                let reshuffled = Self.path(pnl: shuffled, cash: initialCash)
                reshuffledDrawdowns.append(reshuffled.maxDrawdown)
                if reshuffled.maxDrawdown >= haltDrawdown { halts.reshuffled += 1 }
                let sample = (0..<tradePnL.count).map { _ in tradePnL[Int.random(in: 0..<tradePnL.count, using: &generator)] }
                let path = Self.path(pnl: sample, cash: initialCash)
                drawn.returns.append(path.finalReturn)
                drawn.drawdowns.append(path.maxDrawdown)
                let gains = sample.filter { $0 > 0 }.reduce(0, +)
                let losses = -sample.filter { $0 <= 0 }.reduce(0, +)
                if losses > 0 { drawn.profitFactors.append(gains / losses) }
                if path.maxDrawdown >= haltDrawdown { halts.drawn += 1 }
            }
            if !dailyReturns.isEmpty {
                var returns: [Double] = []
                returns.reserveCapacity(dailyReturns.count + blockDays)
                while returns.count < dailyReturns.count {
                    let start = Int.random(in: 0..<dailyReturns.count, using: &generator)
                    for offset in 0..<blockDays { returns.append(dailyReturns[(start + offset) % dailyReturns.count]) }
                }
                returns.removeLast(returns.count - dailyReturns.count)
                var (equity, peak, deepest) = (1.0, 1.0, 0.0)
                for change in returns {
                    equity *= 1 + change
                    peak = max(peak, equity)
                    deepest = max(deepest, (peak - equity) / peak)
                }
                days.returns.append(equity - 1)
                days.drawdowns.append(deepest)
                let worst = returns.min()!
                days.worst.append(worst)
                if deepest >= haltDrawdown { halts.days += 1 }
                if -worst > dailyLossLimit { dailyLimitHit += 1 }
            }
        }
        let share = { (count: Int) in Double(count) / Double(max(samples, 1)) }
        return MonteCarloResult(
            samples: samples, seed: seed, blockDays: blockDays, trades: tradePnL.count, days: dailyReturns.count,
            haltDrawdown: haltDrawdown, dailyLossLimit: dailyLossLimit,
            reshuffledMaxDrawdown: .init(reshuffledDrawdowns),
            drawnFinalReturn: .init(drawn.returns), drawnMaxDrawdown: .init(drawn.drawdowns), drawnProfitFactor: .init(drawn.profitFactors),
            dayFinalReturn: .init(days.returns), dayMaxDrawdown: .init(days.drawdowns), dayWorst: .init(days.worst),
            probabilityHaltReshuffled: tradePnL.isEmpty ? nil : share(halts.reshuffled), probabilityHaltDrawn: tradePnL.isEmpty ? nil : share(halts.drawn),
            probabilityHaltDays: dailyReturns.isEmpty ? nil : share(halts.days),
            probabilityDailyLimit: dailyReturns.isEmpty ? nil : share(dailyLimitHit),
            finalReturnSamples: days.returns.isEmpty ? drawn.returns : days.returns, maxDrawdownSamples: days.drawdowns.isEmpty ? reshuffledDrawdowns : days.drawdowns)
    }

    /// Final return and max drawdown of trades taken in this order from `cash`.
    static func path(pnl: [Double], cash: Double) -> (finalReturn: Double, maxDrawdown: Double) {
        var (equity, peak, deepest) = (cash, cash, 0.0)
        for change in pnl {
            equity += change
            peak = max(peak, equity)
            if peak > 0 { deepest = max(deepest, (peak - equity) / peak) }
        }
        return (equity / cash - 1, deepest)
    }
}

/// The distribution of one resampled figure.
public struct Percentiles: Sendable, Codable, Equatable {
    public let count: Int
    public let p5: Double?
    public let p25: Double?
    public let median: Double?
    public let p75: Double?
    public let p95: Double?
    public let mean: Double?

    init(_ values: [Double]) {
        let sorted = values.sorted()
        func at(_ share: Double) -> Double? { sorted.isEmpty ? nil : sorted[min(sorted.count - 1, Int((share * Double(sorted.count - 1)).rounded()))] }
        count = sorted.count
        (p5, p25, median, p75, p95) = (at(0.05), at(0.25), at(0.5), at(0.75), at(0.95))
        mean = sorted.isEmpty ? nil : sorted.reduce(0, +) / Double(sorted.count)
    }
}

public struct MonteCarloResult: Sendable, Codable, Equatable {
    public let samples: Int
    public let seed: UInt64
    public let blockDays: Int
    public let trades: Int
    public let days: Int
    public let haltDrawdown: Double
    public let dailyLossLimit: Double
    public let reshuffledMaxDrawdown: Percentiles
    public let drawnFinalReturn: Percentiles
    public let drawnMaxDrawdown: Percentiles
    public let drawnProfitFactor: Percentiles
    public let dayFinalReturn: Percentiles
    public let dayMaxDrawdown: Percentiles
    public let dayWorst: Percentiles
    public let probabilityHaltReshuffled: Double?
    public let probabilityHaltDrawn: Double?
    public let probabilityHaltDays: Double?
    public let probabilityDailyLimit: Double?
    /// For the histograms (not stored): the day bootstrap's samples (the trade bootstrap's without days).
    public var finalReturnSamples: [Double] = []
    public var maxDrawdownSamples: [Double] = []

    enum CodingKeys: String, CodingKey {
        case samples, seed, blockDays, trades, days, haltDrawdown, dailyLossLimit, reshuffledMaxDrawdown, drawnFinalReturn, drawnMaxDrawdown
        case drawnProfitFactor, dayFinalReturn, dayMaxDrawdown, dayWorst, probabilityHaltReshuffled, probabilityHaltDrawn
        case probabilityHaltDays, probabilityDailyLimit
    }
}
