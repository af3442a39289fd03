/// Single-pass parsing of the common, well-formed kline row.
///
/// Returns `nil` for anything it does not fully understand (negative or oversized numbers,
/// more than 8 decimals, microsecond timestamps, an inconsistent bar); the caller then uses
/// the careful parser, which gives the same bar or a precise error. A test checks that both
/// agree on every row the fast path accepts.
enum KlineRowFastPath {
    private static let powersOfTen: [Int64] = [
        100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1,
    ]

    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, interval: Int64) -> Bar? {
        var cursor = from
        guard let openTime = integer(bytes, &cursor, to), openTime < KlineRowParser.microsecondThreshold,
              let open = fixed(bytes, &cursor, to), let high = fixed(bytes, &cursor, to),
              let low = fixed(bytes, &cursor, to), let close = fixed(bytes, &cursor, to),
              let volume = fixed(bytes, &cursor, to), let closeTime = integer(bytes, &cursor, to),
              let quoteVolume = fixed(bytes, &cursor, to), let count = integer(bytes, &cursor, to),
              let takerBase = fixed(bytes, &cursor, to), let takerQuote = fixed(bytes, &cursor, to),
              skipLastField(bytes, &cursor, to)
        else { return nil }
        guard closeTime >= openTime, closeTime < openTime + interval,
              low <= open, open <= high, low <= close, close <= high
        else { return nil }
        return Bar(
            openTime: openTime, open: Price(raw: open), high: Price(raw: high), low: Price(raw: low),
            close: Price(raw: close), volume: Quantity(raw: volume), quoteVolume: Money(raw: quoteVolume),
            tradeCount: count, takerBuyBaseVolume: Quantity(raw: takerBase), takerBuyQuoteVolume: Money(raw: takerQuote))
    }

    /// Reads a run of decimal digits; the caller bounds their number, so wrapping never happens.
    @inline(__always)
    private static func digits(
        _ bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout Int, _ end: Int
    ) -> (value: Int64, count: Int) {
        let start = cursor
        var value: Int64 = 0
        while cursor < end {
            let digit = bytes[cursor] &- 48
            guard digit < 10 else { break }
            value = value &* 10 &+ Int64(digit)
            cursor += 1
        }
        return (value, cursor - start)
    }

    /// Up to 18 digits then a comma: no overflow is possible.
    @inline(__always)
    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout Int, _ end: Int) -> Int64? {
        let (value, count) = digits(bytes, &cursor, end)
        guard count > 0, count <= 18, cursor < end, bytes[cursor] == UInt8(ascii: ",") else { return nil }
        cursor += 1
        return value
    }

    /// Up to 10 whole digits and 8 decimals then a comma, as raw fixed point.
    @inline(__always)
    private static func fixed(_ bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout Int, _ end: Int) -> Int64? {
        let (whole, wholeDigits) = digits(bytes, &cursor, end)
        guard wholeDigits > 0, wholeDigits <= 10, cursor < end else { return nil }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if bytes[cursor] == UInt8(ascii: ".") {
            cursor += 1
            (fraction, fractionDigits) = digits(bytes, &cursor, end)
            guard fractionDigits <= 8, cursor < end else { return nil }
        }
        guard bytes[cursor] == UInt8(ascii: ",") else { return nil }
        cursor += 1
        return whole &* 100_000_000 &+ fraction &* powersOfTen[fractionDigits]
    }

    /// The unused last column: digits only, up to the end of the line.
    @inline(__always)
    private static func skipLastField(_ bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout Int, _ end: Int) -> Bool {
        guard cursor < end else { return false }
        while cursor < end {
            guard bytes[cursor] &- 48 < 10 else { return false }
            cursor += 1
        }
        return true
    }
}
