import Foundation

/// One indicator requested by name and parameters, such as `ema:20` or `macd:12:26:9`.
public struct IndicatorSpec: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case sma, ema, rsi, atr, bb, macd, adx, donchian, rvol, zscore, vwap, roc

        /// Parameter defaults, used for the ones a spec leaves out.
        var defaults: [Double] {
            switch self {
            case .sma, .ema, .donchian, .rvol, .zscore, .vwap: [20]
            case .rsi, .atr, .adx: [14]
            case .roc: [10]
            case .bb: [20, 2]
            case .macd: [12, 26, 9]
            }
        }

        /// Smallest allowed period (TA-Lib's own lower bounds).
        var minimumPeriod: Int {
            switch self {
            case .sma, .ema, .roc, .vwap: 1
            default: 2
            }
        }

        /// Output names after the indicator name; `nil` is the main output, named without a suffix.
        var outputs: [String?] {
            switch self {
            case .bb: ["upper", "middle", "lower"]
            case .macd: [nil, "signal", "hist"]
            case .adx: [nil, "plus_di", "minus_di"]
            case .donchian: ["upper", "middle", "lower"]
            default: [nil]
            }
        }
    }

    /// Longest period accepted: keeps exact 128-bit moments in range for any real price.
    public static let maximumPeriod = 10_000

    public let kind: Kind
    /// Whole-number periods, in the order written.
    public let periods: [Int]
    /// Standard deviations for Bollinger Bands; 0 for other kinds.
    public let deviations: Double
    /// Parameters as they appear in column names (`20_2`).
    public let parameterLabel: String

    /// Parses `name[:param[:param…]]`.
    public init(parsing text: String) throws(IndicatorSpecError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let kind = Kind(rawValue: parts[0].lowercased()) else {
            let known = Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw IndicatorSpecError(spec: text, reason: "unknown indicator '\(parts[0])' (known: \(known))")
        }
        let given = Array(parts.dropFirst())
        guard given.count <= kind.defaults.count else {
            throw IndicatorSpecError(spec: text, reason: "\(kind.rawValue) takes at most \(kind.defaults.count) parameters")
        }
        var periods: [Int] = []
        var deviations = 0.0
        var labels: [String] = []
        for (position, fallback) in kind.defaults.enumerated() {
            let token = position < given.count ? given[position] : nil
            if kind == .bb && position == 1 {
                let value = token.flatMap(Double.init) ?? (token == nil ? fallback : .nan)
                guard value.isFinite, value > 0, value <= 100 else {
                    throw IndicatorSpecError(spec: text, reason: "deviations must be a number in (0, 100], got '\(token ?? "")'")
                }
                deviations = value
                labels.append(value.numberText)
                continue
            }
            let period = token.map { Int($0) ?? -1 } ?? Int(fallback)
            guard period >= kind.minimumPeriod, period <= IndicatorSpec.maximumPeriod else {
                throw IndicatorSpecError(
                    spec: text,
                    reason: "period must be a whole number in \(kind.minimumPeriod)...\(IndicatorSpec.maximumPeriod), got '\(token ?? "")'")
            }
            periods.append(period)
            labels.append(String(period))
        }
        self.kind = kind
        self.periods = periods
        self.deviations = deviations
        parameterLabel = labels.joined(separator: "_")
    }

    /// Parses a comma-separated list such as `ema:20,rsi:14,bb:20:2`.
    public static func parseList(_ text: String) throws(IndicatorSpecError) -> [IndicatorSpec] {
        let tokens = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !tokens.isEmpty else { throw IndicatorSpecError(spec: text, reason: "no indicators given") }
        var specs: [IndicatorSpec] = []
        for token in tokens { specs.append(try IndicatorSpec(parsing: token)) }
        return specs
    }

    /// Output column names: `ema_20`, `bb_upper_20_2`, `macd_signal_12_26_9`, …
    public var columns: [String] {
        kind.outputs.map { output in
            [kind.rawValue, output, parameterLabel].compactMap { $0 }.joined(separator: "_")
        }
    }
}

/// An indicator list that cannot be used, naming the offending entry.
public struct IndicatorSpecError: Error, Equatable, Sendable, CustomStringConvertible {
    public let spec: String
    public let reason: String
    public var description: String { "indicator '\(spec)': \(reason)" }
}
