/// An exact decimal with eight fractional digits stored as a scaled `Int64`.
///
/// Eight digits is the precision Binance publishes every price, quantity and amount in,
/// so every value read from the exchange is represented without rounding.
public protocol FixedPoint8: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The value times 10^8.
    var raw: Int64 { get }
    init(raw: Int64)
}

/// Scale shared by every `FixedPoint8` type.
public enum FixedPointScale {
    public static let digits = 8
    public static let factor: Int64 = 100_000_000
}

extension FixedPoint8 {
    public static var zero: Self { Self(raw: 0) }

    /// Parses a plain decimal string such as `"16541.77"` or `"-0.5"`; `nil` if it is not one or
    /// loses precision. The inverse of `description`.
    public init?(_ text: String) {
        if text.hasPrefix("-") {
            guard let magnitude = Self(String(text.dropFirst())), magnitude.raw > 0 else { return nil }
            self.init(raw: -magnitude.raw)
            return
        }
        let parsed = Array(text.utf8).withUnsafeBufferPointer { buffer in
            DecimalParser.parseFixed8(buffer, from: 0, to: buffer.count)
        }
        guard case .success(let raw) = parsed else { return nil }
        self.init(raw: raw)
    }

    /// The nearest `Double`: the correctly rounded quotient, equal to parsing the decimal text.
    @inline(__always)
    public var doubleValue: Double { Double(raw) / Double(FixedPointScale.factor) }

    public var isPositive: Bool { raw > 0 }

    /// The exact decimal, without trailing fractional zeros: `16541.77`, `-0.5`, `0`.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendDescription(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the UTF-8 of `description`: for writers of millions of values.
    public func appendDescription(to bytes: inout [UInt8]) {
        if raw < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = raw.magnitude
        DecimalDigits.append(magnitude / UInt64(FixedPointScale.factor), width: 1, to: &bytes)
        var fraction = magnitude % UInt64(FixedPointScale.factor)
        guard fraction != 0 else { return }
        var width = FixedPointScale.digits
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        bytes.append(UInt8(ascii: "."))
        DecimalDigits.append(fraction, width: width, to: &bytes)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.raw < rhs.raw }

    /// Encoded as the exact scaled integer.
    public init(from decoder: any Decoder) throws {
        self.init(raw: try decoder.singleValueContainer().decode(Int64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(raw)
    }
}

/// A price in quote currency per unit of base asset.
public struct Price: FixedPoint8 {
    public let raw: Int64
    public init(raw: Int64) { self.raw = raw }
}

/// An amount of the base asset (order size, traded volume).
public struct Quantity: FixedPoint8 {
    public let raw: Int64
    public init(raw: Int64) { self.raw = raw }
}

/// An amount of the quote currency (notional, quote volume, cash, fees).
public struct Money: FixedPoint8 {
    public let raw: Int64
    public init(raw: Int64) { self.raw = raw }
}
