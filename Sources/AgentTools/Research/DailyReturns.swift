import ProdCore

/// The close-to-close return of each UTC day of an equity curve (the first from the initial
/// cash), with the day it belongs to: what correlations, Sharpe ratios per day and resampling
/// use.
public struct DailyReturns: Sendable, Equatable {
    /// Days since 1970-01-01 (UTC), ascending.
    public let days: [Int64]
    public let returns: [Double]

    public init(_ equity: [EquityPoint], initialCash: Double) {
        var days: [Int64] = []
        var closes: [Double] = []
        for point in equity {
            // A point is stamped at its bar's close: 00:00 belongs to the day before.
            let day = (point.time - 1) / 86_400_000
            if day == days.last { closes[closes.count - 1] = point.equity.doubleValue } else {
                days.append(day)
                closes.append(point.equity.doubleValue)
            }
        }
        self.days = days
        returns = zip([initialCash] + closes.dropLast(), closes).map { $1 / $0 - 1 }
    }

    public init(days: [Int64], returns: [Double]) {
        self.days = days
        self.returns = returns
    }

    /// Per-day Sharpe ratio (mean / sample standard deviation), `nil` without variation.
    public var sharpe: Double? {
        guard returns.count > 1 else { return nil }
        let mean = returns.reduce(0, +) / Double(returns.count)
        let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(returns.count - 1)
        return variance > 0 ? mean / variance.squareRoot() : nil
    }

    /// Pearson correlation with `other` over the days both have; `nil` with fewer than 3 or no variation.
    public func correlation(with other: DailyReturns) -> Double? {
        let theirs = Dictionary(zip(other.days, other.returns), uniquingKeysWith: { first, _ in first })
        let pairs = zip(days, returns).compactMap { day, mine in theirs[day].map { (mine, $0) } }
        guard pairs.count >= 3 else { return nil }
        let (meanA, meanB) = (pairs.map(\.0).reduce(0, +) / Double(pairs.count), pairs.map(\.1).reduce(0, +) / Double(pairs.count))
        var (covariance, varianceA, varianceB) = (0.0, 0.0, 0.0)
        for (a, b) in pairs {
            covariance += (a - meanA) * (b - meanB)
            varianceA += (a - meanA) * (a - meanA)
            varianceB += (b - meanB) * (b - meanB)
        }
        return varianceA > 0 && varianceB > 0 ? covariance / (varianceA * varianceB).squareRoot() : nil
    }
}
