import Testing

@testable import ProdCore

@Suite struct Int128ConversionTests {
    @Test(arguments: [
        Int128(0), 1, -1, -5, 123_456_789, -987_654_321_012, Int128(Int64.max), Int128(Int64.min),
        Int128(1) << 64, -(Int128(1) << 64) + 3, (Int128(1) << 100) + 12_345, -(Int128(1) << 120) - 1,
    ])
    func matchesTheStandardConversionWithinOneUlp(value: Int128) {
        let expected = Double(value)
        let actual = value.approximateDouble
        #expect(abs(actual - expected) <= expected.ulp, "\(value): \(actual) vs \(expected)")
    }
}
