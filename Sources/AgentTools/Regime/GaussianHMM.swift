import Foundation

/// A hidden Markov model with Gaussian emissions (diagonal covariance): fitted by Baum–Welch on a
/// window of observations, then run forward one observation at a time. Deterministic: the fit
/// starts from the caller's initial means and the data's spread, with no random draws.
public struct GaussianHMM: Sendable, Equatable {
    public private(set) var means: [[Double]]
    public private(set) var variances: [[Double]]
    /// transition[i][j] = P(next state j | state i).
    public private(set) var transition: [[Double]]
    /// P(state) after the last observation given to `step`.
    public private(set) var belief: [Double]
    static let varianceFloor = 1e-6

    public var states: Int { means.count }

    /// States at `initialMeans`, every variance the data's, staying put with probability `stay`.
    public init(initialMeans: [[Double]], variances: [Double], stay: Double) {
        let states = initialMeans.count
        means = initialMeans
        self.variances = Array(repeating: variances.map { max($0, Self.varianceFloor) }, count: states)
        let move = (1 - stay) / Double(max(1, states - 1))
        transition = (0..<states).map { i in (0..<states).map { $0 == i ? stay : move } }
        belief = Array(repeating: 1 / Double(states), count: states)
    }

    /// Emission density of `x` in `state` (up to the constant every state shares).
    func density(_ x: [Double], _ state: Int) -> Double {
        var exponent = 0.0, scale = 1.0
        for d in x.indices {
            let delta = x[d] - means[state][d]
            exponent -= delta * delta / (2 * variances[state][d])
            scale /= variances[state][d].squareRoot()
        }
        return scale * exp(exponent)
    }

    /// Moves the belief forward by one observation (the forward algorithm, normalized).
    public mutating func step(_ x: [Double]) {
        var next = (0..<states).map { j in (0..<states).reduce(0.0) { $0 + belief[$1] * transition[$1][j] } * density(x, j) }
        let total = next.reduce(0, +)
        if total > 0 && total.isFinite {
            for j in next.indices { next[j] /= total }
        } else {
            next = Array(repeating: 1 / Double(states), count: states)
        }
        belief = next
    }

    /// Baum–Welch on `observations` for `iterations` rounds; the belief becomes the filtered one
    /// after the last observation. Work arrays are flat (`t * states + state`).
    public mutating func fit(_ observations: [[Double]], iterations: Int) {
        guard observations.count > states * 4 else { return }
        let n = observations.count, k = states, dimensions = observations[0].count
        var emission = [Double](repeating: 0, count: n * k)
        var alpha = emission, beta = emission
        var scale = [Double](repeating: 1, count: n)
        for _ in 0..<iterations {
            let a = transition.flatMap { $0 }
            for t in 0..<n { for j in 0..<k { emission[t * k + j] = max(density(observations[t], j), 1e-300) } }
            // Forward, scaled.
            for t in 0..<n {
                var total = 0.0
                for j in 0..<k {
                    var prior = 1 / Double(k)
                    if t > 0 {
                        prior = 0
                        for i in 0..<k { prior += alpha[(t - 1) * k + i] * a[i * k + j] }
                    }
                    alpha[t * k + j] = prior * emission[t * k + j]
                    total += alpha[t * k + j]
                }
                scale[t] = max(total, 1e-300)
                for j in 0..<k { alpha[t * k + j] /= scale[t] }
            }
            // Backward, with the same scales.
            for j in 0..<k { beta[(n - 1) * k + j] = 1 }
            for t in stride(from: n - 2, through: 0, by: -1) {
                for i in 0..<k {
                    var sum = 0.0
                    for j in 0..<k { sum += a[i * k + j] * emission[(t + 1) * k + j] * beta[(t + 1) * k + j] }
                    beta[t * k + i] = sum / scale[t + 1]
                }
            }
            // Re-estimate.
            var expected = [Double](repeating: 1e-9, count: k * k)
            var weight = [Double](repeating: 1e-12, count: k)
            var sum = [Double](repeating: 0, count: k * dimensions)
            var squares = sum
            for t in 0..<n {
                var norm = 0.0
                for i in 0..<k { norm += alpha[t * k + i] * beta[t * k + i] }
                norm = max(norm, 1e-300)
                for i in 0..<k {
                    let g = alpha[t * k + i] * beta[t * k + i] / norm
                    weight[i] += g
                    for d in 0..<dimensions {
                        let x = observations[t][d]
                        sum[i * dimensions + d] += g * x
                        squares[i * dimensions + d] += g * x * x
                    }
                    guard t + 1 < n else { continue }
                    for j in 0..<k {
                        expected[i * k + j] += alpha[t * k + i] * a[i * k + j] * emission[(t + 1) * k + j] * beta[(t + 1) * k + j] / scale[t + 1]
                    }
                }
            }
            for i in 0..<k {
                let row = expected[(i * k)..<(i * k + k)]
                let total = row.reduce(0, +)
                transition[i] = row.map { $0 / total }
                for d in 0..<dimensions {
                    means[i][d] = sum[i * dimensions + d] / weight[i]
                    variances[i][d] = max(squares[i * dimensions + d] / weight[i] - means[i][d] * means[i][d], Self.varianceFloor)
                }
            }
        }
        belief = Array(alpha[((n - 1) * k)...])
    }
}
