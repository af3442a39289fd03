/// A row-level failure before the file and line are known.
public struct KlineFieldError: Error, Equatable, Sendable {
    public let field: String?
    public let reason: String
}

/// Parses one Binance kline CSV row (12 columns) into a `Bar`.
///
/// Timestamps may be epoch milliseconds or, as in spot files from 2025 on, microseconds;
/// both become milliseconds.
public struct KlineRowParser: Sendable {
    public static let columns = [
        "open_time", "open", "high", "low", "close", "volume", "close_time",
        "quote_volume", "count", "taker_buy_volume", "taker_buy_quote_volume", "ignore",
    ]
    /// Open times at or above this are microseconds (in milliseconds it would be year 5138).
    static let microsecondThreshold: Int64 = 100_000_000_000_000

    public let intervalMilliseconds: Int64

    public init(timeframe: Timeframe) {
        intervalMilliseconds = timeframe.milliseconds
    }

    /// Parses `bytes[from..<to]`, a line without its line break.
    ///
    /// Well-formed rows take a single-pass fast path; anything unusual is re-read by the careful
    /// parser, which names the field and the reason.
    @inline(__always)
    public func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int
    ) -> Result<Bar, KlineFieldError> {
        if let bar = KlineRowFastPath.parse(bytes, from: from, to: to, interval: intervalMilliseconds) {
            return .success(bar)
        }
        return parseCarefully(bytes, from: from, to: to)
    }

    /// The reference parser: slower, exact about what is wrong.
    func parseCarefully(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int
    ) -> Result<Bar, KlineFieldError> {
        var slots: [(Int, Int)] = []
        var start = from
        for index in from...to where index == to || bytes[index] == UInt8(ascii: ",") {
            slots.append((start, index))
            start = index + 1
        }
        guard slots.count == Self.columns.count else {
            return .failure(KlineFieldError(field: nil, reason: "expected \(Self.columns.count) columns, found \(slots.count)"))
        }
        return build(bytes, slots)
    }

    private func build(_ bytes: UnsafeBufferPointer<UInt8>, _ slots: [(Int, Int)]) -> Result<Bar, KlineFieldError> {
        func integer(_ column: Int) throws(KlineFieldError) -> Int64 {
            switch DecimalParser.parseInteger(bytes, from: slots[column].0, to: slots[column].1) {
            case .success(let value): return value
            case .failure(let failure): throw fieldError(column, failure)
            }
        }
        func fixed(_ column: Int) throws(KlineFieldError) -> Int64 {
            switch DecimalParser.parseFixed8(bytes, from: slots[column].0, to: slots[column].1) {
            case .success(let value): return value
            case .failure(let failure): throw fieldError(column, failure)
            }
        }
        do throws(KlineFieldError) {
            let openTime = try milliseconds(try integer(0), column: 0)
            let closeTime = try milliseconds(try integer(6), column: 6, microseconds: openTime.wasMicroseconds)
            guard closeTime.value >= openTime.value, closeTime.value < openTime.value + intervalMilliseconds else {
                throw KlineFieldError(
                    field: "close_time",
                    reason: "close_time \(closeTime.value) is not within the bar starting at \(openTime.value)")
            }
            let bar = Bar(
                openTime: openTime.value,
                open: Price(raw: try fixed(1)), high: Price(raw: try fixed(2)),
                low: Price(raw: try fixed(3)), close: Price(raw: try fixed(4)),
                volume: Quantity(raw: try fixed(5)), quoteVolume: Money(raw: try fixed(7)),
                tradeCount: try integer(8),
                takerBuyBaseVolume: Quantity(raw: try fixed(9)), takerBuyQuoteVolume: Money(raw: try fixed(10)))
            if let inconsistency = bar.priceInconsistency {
                throw KlineFieldError(field: nil, reason: inconsistency)
            }
            return .success(bar)
        } catch {
            return .failure(error)
        }
    }

    private func milliseconds(
        _ value: Int64, column: Int, microseconds: Bool? = nil
    ) throws(KlineFieldError) -> (value: Int64, wasMicroseconds: Bool) {
        let isMicroseconds = microseconds ?? (value >= Self.microsecondThreshold)
        guard isMicroseconds else { return (value, false) }
        guard value % 1000 == 0 || column == 6 else {
            throw KlineFieldError(field: Self.columns[column], reason: "microsecond timestamp \(value) is not a whole millisecond")
        }
        return (value / 1000, true)
    }

    private func fieldError(_ column: Int, _ failure: NumberParseFailure) -> KlineFieldError {
        KlineFieldError(field: Self.columns[column], reason: failure.description)
    }
}
