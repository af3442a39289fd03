import Foundation

/// How much of a sweep's best result is the luck of trying many combinations.
public enum Overfitting {
    /// The deflated Sharpe ratio (Bailey and López de Prado, 2014): the probability that the
    /// chosen combination's true Sharpe ratio is above what the best of `trials` combinations
    /// with no skill would show, given the trials' Sharpe variance and the chosen returns'
    /// length, skewness and kurtosis. Per-day Sharpe ratios; `nil` without enough returns.
    public static func deflatedSharpe(chosen: [Double], trialSharpes: [Double]) -> Double? {
        let count = Double(chosen.count)
        guard chosen.count > 2, let sharpe = DailyReturns(days: [], returns: chosen).sharpe, !trialSharpes.isEmpty else { return nil }
        let trials = Double(trialSharpes.count)
        let meanTrial = trialSharpes.reduce(0, +) / trials
        let variance = trialSharpes.count > 1 ? trialSharpes.reduce(0) { $0 + ($1 - meanTrial) * ($1 - meanTrial) } / (trials - 1) : 0
        let euler = 0.577_215_664_901_532_9
        let expectedMaximum = trials > 1
            ? variance.squareRoot() * ((1 - euler) * inverseNormal(1 - 1 / trials) + euler * inverseNormal(1 - 1 / (trials * M_E))) : 0
        let mean = chosen.reduce(0, +) / count
        let deviations = chosen.map { $0 - mean }
        let second = deviations.reduce(0) { $0 + $1 * $1 } / count
        guard second > 0 else { return nil }
        let skewness = deviations.reduce(0) { $0 + $1 * $1 * $1 } / count / pow(second, 1.5)
        let kurtosis = deviations.reduce(0) { $0 + $1 * $1 * $1 * $1 } / count / (second * second)
        let denominator = 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe
        guard denominator > 0 else { return nil }
        return normal((sharpe - expectedMaximum) * (count - 1).squareRoot() / denominator.squareRoot())
    }

    /// The probability of backtest overfitting by combinatorially symmetric cross-validation
    /// (Bailey, Borwein, López de Prado and Zhu, 2017): the days cut into `blocks` blocks; for
    /// every choice of half of them as in-sample, the combination with the best in-sample Sharpe
    /// ratio is ranked out of sample; the share of choices where it ranks at or below the
    /// median. `returns[n]` are combination n's daily returns, all on the same days.
    public static func probabilityOfBacktestOverfitting(_ returns: [[Double]], blocks: Int = 10) -> Double? {
        guard returns.count > 1, blocks >= 2, blocks % 2 == 0, let days = returns.first?.count, days >= blocks,
              returns.allSatisfy({ $0.count == days })
        else { return nil }
        // Per combination and block: count, sum and sum of squares of its returns.
        let bounds = (0...blocks).map { $0 * days / blocks }
        let sums = returns.map { series in
            (0..<blocks).map { block -> (Double, Double, Double) in
                let slice = series[bounds[block]..<bounds[block + 1]]
                return (Double(slice.count), slice.reduce(0, +), slice.reduce(0) { $0 + $1 * $1 })
            }
        }
        func sharpe(_ combination: Int, _ chosen: [Int]) -> Double {
            var (n, sum, squares) = (0.0, 0.0, 0.0)
            for block in chosen {
                let part = sums[combination][block]
                (n, sum, squares) = (n + part.0, sum + part.1, squares + part.2)
            }
            let mean = sum / n
            let variance = (squares - n * mean * mean) / max(n - 1, 1)
            return variance > 1e-30 ? mean / variance.squareRoot() : (mean > 0 ? .greatestFiniteMagnitude : mean < 0 ? -.greatestFiniteMagnitude : 0)
        }
        var overfit = 0
        var splits = 0
        for inSample in combinations(of: Array(0..<blocks), choosing: blocks / 2) {
            let outOfSample = (0..<blocks).filter { !inSample.contains($0) }
            let best = returns.indices.max { (sharpe($0, inSample), -$0) < (sharpe($1, inSample), -$1) }!
            let bestOut = sharpe(best, outOfSample)
            let rank = Double(returns.indices.count { sharpe($0, outOfSample) < bestOut } + 1)
            let relative = rank / Double(returns.count + 1)
            if log(relative / (1 - relative)) <= 0 { overfit += 1 }
            splits += 1
        }
        return Double(overfit) / Double(splits)
    }

    static func combinations(of items: [Int], choosing count: Int) -> [[Int]] {
        guard count > 0 else { return [[]] }
        guard items.count >= count else { return [] }
        var result: [[Int]] = []
        for (position, item) in items.enumerated() {
            for rest in combinations(of: Array(items[(position + 1)...]), choosing: count - 1) { result.append([item] + rest) }
        }
        return result
    }

    /// The standard normal distribution function.
    public static func normal(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Its inverse (Acklam's rational approximation, relative error below 1.2e-9).
    public static func inverseNormal(_ p: Double) -> Double {
        precondition(p > 0 && p < 1)
        let a = [-39.696_830_286_653_76, 220.946_098_424_520_5, -275.928_510_446_968_7, 138.357_751_867_269, -30.664_798_066_147_16, 2.506_628_277_459_239]
        let b = [-54.476_098_798_224_06, 161.585_836_858_040_9, -155.698_979_859_886_6, 66.801_311_887_719_72, -13.280_681_552_885_72]
        let c = [-0.007_784_894_002_430_293, -0.322_396_458_041_136_5, -2.400_758_277_161_838, -2.549_732_539_343_734, 4.374_664_141_464_968, 2.938_163_982_698_783]
        let d = [0.007_784_695_709_041_462, 0.322_467_129_070_039_8, 2.445_134_137_142_996, 3.754_408_661_907_416]
        let low = 0.024_25
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low { return -inverseNormal(1 - p) }
        let q = p - 0.5
        let r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}
