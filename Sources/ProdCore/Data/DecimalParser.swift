/// Why a numeric CSV field could not be read.
public enum NumberParseFailure: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case negative
    case notANumber
    case tooManyDecimals
    case overflow

    public var description: String {
        switch self {
        case .empty: "empty value"
        case .negative: "negative value"
        case .notANumber: "not a decimal number"
        case .tooManyDecimals: "more than 8 decimal places"
        case .overflow: "value out of range"
        }
    }
}

/// Byte-level parsers for the unsigned decimals and integers in exchange CSV files.
///
/// They work on raw bytes so a kline row parses without allocating a `String`.
public enum DecimalParser {
    private static let zero = UInt8(ascii: "0")
    private static let dot = UInt8(ascii: ".")
    private static let minus = UInt8(ascii: "-")

    /// Parses `bytes[from..<to]` as a non-negative decimal with at most 8 significant decimals.
    @inline(__always)
    public static func parseFixed8(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int
    ) -> Result<Int64, NumberParseFailure> {
        guard from < to else { return .failure(.empty) }
        if bytes[from] == minus { return .failure(.negative) }
        var index = from
        var whole: Int64 = 0
        var sawDigit = false
        while index < to {
            let digit = bytes[index] &- zero
            guard digit < 10 else { break }
            let (times10, overflow1) = whole.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(digit))
            if overflow1 || overflow2 { return .failure(.overflow) }
            whole = sum
            sawDigit = true
            index += 1
        }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if index < to && bytes[index] == dot {
            index += 1
            while index < to {
                let digit = bytes[index] &- zero
                guard digit < 10 else { return .failure(.notANumber) }
                if fractionDigits < FixedPointScale.digits {
                    fraction = fraction * 10 + Int64(digit)
                    fractionDigits += 1
                } else if digit != 0 {
                    return .failure(.tooManyDecimals)
                }
                sawDigit = true
                index += 1
            }
        }
        guard sawDigit, index == to else { return .failure(.notANumber) }
        while fractionDigits < FixedPointScale.digits {
            fraction *= 10
            fractionDigits += 1
        }
        let (scaled, overflow1) = whole.multipliedReportingOverflow(by: FixedPointScale.factor)
        let (total, overflow2) = scaled.addingReportingOverflow(fraction)
        if overflow1 || overflow2 { return .failure(.overflow) }
        return .success(total)
    }

    /// Parses `bytes[from..<to]` as a non-negative integer.
    @inline(__always)
    public static func parseInteger(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int
    ) -> Result<Int64, NumberParseFailure> {
        guard from < to else { return .failure(.empty) }
        if bytes[from] == minus { return .failure(.negative) }
        var value: Int64 = 0
        for index in from..<to {
            let digit = bytes[index] &- zero
            guard digit < 10 else { return .failure(.notANumber) }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(digit))
            if overflow1 || overflow2 { return .failure(.overflow) }
            value = sum
        }
        return .success(value)
    }
}
