import Foundation

/// What the live feed could not use: a payload that is not Binance's format, a refused request,
/// an endpoint outside the allow-list.
public enum LiveFeedError: Error, CustomStringConvertible, Equatable {
    case malformed(String)
    case http(status: Int, path: String, detail: String)
    case refusedEndpoint(String)
    case unreachable(String)

    public var description: String {
        switch self {
        case .malformed(let detail): "malformed exchange message: \(detail)"
        case .http(let status, let path, let detail): "HTTP \(status) from \(path): \(detail)"
        case .refusedEndpoint(let detail): "refused endpoint: \(detail)"
        case .unreachable(let detail): "exchange unreachable: \(detail)"
        }
    }

    /// A decoding error in one line: the field path and what was wrong.
    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch decoding {
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])): missing"
        case .dataCorrupted(let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
