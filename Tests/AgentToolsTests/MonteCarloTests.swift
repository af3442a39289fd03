import AgentTools
import ProdCore
import Testing

/// Monte Carlo on results small enough to know every outcome: what reshuffling and drawing can
/// give, the probabilities against the limits, and the same numbers for the same seed.
@Suite struct MonteCarloTests {
    static func point(day: Int64, _ equity: Double) -> EquityPoint {
        let money = Money(raw: Int64(equity * 1e8))
        return EquityPoint(time: day * 86_400_000 + 86_400_000, equity: money, cash: money, grossExposure: .zero)
    }

    @Test func twoTradesGiveOnlyTheirTwoOrders() {
        let study = MonteCarlo(tradePnL: [100, -50], equity: [], initialCash: 1_000, haltDrawdown: 0.048, dailyLossLimit: 0.03)
        let result = study.run(samples: 2_000, seed: 3, blockDays: 1)
        // +100 then −50: 50 / 1100 = 4.545 %; −50 first: 5 %.
        #expect(abs(result.reshuffledMaxDrawdown.p5! - 50.0 / 1_100) < 1e-12 && abs(result.reshuffledMaxDrawdown.p95! - 0.05) < 1e-12)
        #expect(abs(result.probabilityHaltReshuffled! - 0.5) < 0.05, "half the orders start with the loss: \(result.probabilityHaltReshuffled!)")
        // Two trades drawn: +200, +50 (twice as likely) or −100; a profit factor only when one
        // loses: 2 for (+100, −50), 0 for (−50, −50), one in three of those.
        for (stated, expected) in [(result.drawnFinalReturn.p5!, -0.1), (result.drawnFinalReturn.median!, 0.05), (result.drawnFinalReturn.p95!, 0.2)] {
            #expect(abs(stated - expected) < 1e-12, "\(stated)")
        }
        #expect(result.drawnProfitFactor.p5 == 0 && result.drawnProfitFactor.p95 == 2)
        #expect(result.days == 0 && result.probabilityDailyLimit == nil)
    }

    @Test func daysAreDrawnInBlocksAndCheckedAgainstTheDailyLimit() {
        // Day returns: +1 %, −4 % (beyond the 3 % limit), +2 %.
        let equity = [Self.point(day: 0, 1_010), Self.point(day: 1, 969.6), Self.point(day: 2, 988.992)]
        let study = MonteCarlo(tradePnL: [], equity: equity, initialCash: 1_000, haltDrawdown: 0.5, dailyLossLimit: 0.03)
        #expect(study.dailyReturns.count == 3 && abs(study.dailyReturns[1] + 0.04) < 1e-9)
        let result = study.run(samples: 5_000, seed: 9, blockDays: 1)
        // The bad day is missed only when none of 3 draws is it: (2/3)³ = 29.6 %.
        #expect(abs(result.probabilityDailyLimit! - (1 - 8.0 / 27)) < 0.02, "\(result.probabilityDailyLimit!)")
        #expect(result.probabilityHaltDays == 0 && result.probabilityHaltDrawn == nil)
        let blocks = study.run(samples: 5_000, seed: 9, blockDays: 3)
        #expect(blocks.probabilityDailyLimit == 1, "a block of 3 circular days always holds the bad one")
    }

    @Test func theSameSeedGivesTheSameNumbers() {
        let study = MonteCarlo(tradePnL: [12, -7, 30, -21, 5, -3, 18], equity: [], initialCash: 500, haltDrawdown: 0.05, dailyLossLimit: 0.03)
        #expect(study.run(samples: 3_000, seed: 42, blockDays: 1) == study.run(samples: 3_000, seed: 42, blockDays: 1))
        #expect(study.run(samples: 3_000, seed: 42, blockDays: 1) != study.run(samples: 3_000, seed: 43, blockDays: 1))
    }
}
