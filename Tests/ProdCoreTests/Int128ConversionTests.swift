import Testing

@testable import ProdCore

@Suite struct Int128ConversionTests {
    @Test(arguments: [
        Int128(0), 1, -1, -5, 123_456_789, -987_654_321_012, Int128(Int64.max), Int128(Int64.min),
        Int128(1) << 64, -(Int128(1) << 64) + 3, (Int128(1) << 100) + 12_345, -(Int128(1) << 120) - 1,
        Int128(1) << 126, (Int128(1) << 126) - 1, Int128.max, Int128.min,
    ])
    func matchesTheStandardConversionWithinOneUlp(value: Int128) {
        let expected = Double(value)
        let actual = value.approximateDouble
        #expect(abs(actual - expected) <= expected.ulp, "\(value): \(actual) vs \(expected)")
    }
}

@Suite struct ExactMomentsTests {
    @Test func aConstantWindowHasZeroVariance() {
        var moments = ExactMoments(period: 5)
        for _ in 0..<12 { moments.update(2_314_157_000_000) }
        #expect(moments.variance == 0)
        #expect(moments.mean == 23141.57)
    }

    @Test func matchesATwoPassComputation() {
        var moments = ExactMoments(period: 4)
        let prices: [Int64] = [100_00000000, 101_50000000, 99_25000000, 102_00000000, 98_75000000]
        for price in prices { moments.update(price) }
        let window = prices.suffix(4).map { Double($0) / 1e8 }
        let mean = window.reduce(0, +) / 4
        let variance = window.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
        #expect(abs(moments.mean - mean) <= mean.ulp)
        #expect(abs(moments.variance - variance) <= 4 * variance.ulp)
    }

    @Test func anAbsurdPriceMakesTheWindowUndefinedUntilItLeaves() {
        var moments = ExactMoments(period: 3)
        for price in [Int64(100_00000000), 100_00000000, Int64.max, 101_00000000, 102_00000000] {
            moments.update(price)
        }
        #expect(moments.variance.isNaN)
        moments.update(103_00000000)
        #expect(!moments.variance.isNaN)
        #expect(moments.mean == 102)
    }
}
