/// Which Binance market an instrument trades on.
public enum Market: String, CaseIterable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// Spot: long-only, no leverage, no funding.
    case spot
    /// USDT-margined perpetual futures: long and short, funding every 8 hours.
    case usdm

    public var description: String { rawValue }

    public static func < (lhs: Market, rhs: Market) -> Bool { lhs.rawValue < rhs.rawValue }
}
