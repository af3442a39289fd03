import AgentTools
import ProdCore
import Testing

/// The gate's overfitting numbers on series whose answer is known.
@Suite struct OverfittingTests {
    @Test func theNormalDistributionAndItsInverse() {
        #expect(abs(Overfitting.inverseNormal(0.975) - 1.959_963_985) < 1e-8)
        #expect(abs(Overfitting.inverseNormal(0.001) + 3.090_232_306) < 1e-8)
        #expect(abs(Overfitting.normal(1.959_963_985) - 0.975) < 1e-9)
        for p in [0.01, 0.2, 0.5, 0.8, 0.999] { #expect(abs(Overfitting.normal(Overfitting.inverseNormal(p)) - p) < 1e-9) }
    }

    static func noise(_ count: Int, seed: UInt64, mean: Double = 0) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in mean + Double.random(in: -0.01...0.01, using: &generator) }
    }

    @Test func aCombinationBetterEverywhereIsNotOverfit() {
        let returns = (0..<8).map { Self.noise(200, seed: UInt64($0)) } + [Self.noise(200, seed: 99, mean: 0.02)]
        #expect(Overfitting.probabilityOfBacktestOverfitting(returns) == 0)
    }

    @Test func choosingAmongNoiseIsOverfitAboutHalfTheTime() {
        let returns = (0..<40).map { Self.noise(400, seed: UInt64($0) &* 7_919) }
        let pbo = Overfitting.probabilityOfBacktestOverfitting(returns)!
        #expect(pbo > 0.3 && pbo < 0.7, "\(pbo)")
        #expect(Overfitting.probabilityOfBacktestOverfitting([returns[0]]) == nil, "one combination: nothing was chosen")
    }

    @Test func moreTrialsDeflateTheSameSharpe() {
        let chosen = Self.noise(500, seed: 5, mean: 0.001)
        let alone = Overfitting.deflatedSharpe(chosen: chosen, trialSharpes: [0.1])!
        let amongMany = Overfitting.deflatedSharpe(chosen: chosen, trialSharpes: (0..<100).map { Double($0) / 500 })!
        #expect(alone > 0.9 && amongMany < alone, "\(alone) \(amongMany)")
    }
}
