import Foundation

/// Where the live feed reads Binance's public market data, per market: a REST base and a
/// WebSocket base. Defaults are Binance's public hosts; tests point them at a fake exchange on
/// loopback. Plain `http://`/`ws://` is allowed only for 127.0.0.0/8 (ARCHITECTURE.md §6.5:
/// the runner talks to the configured market-data hosts only, encrypted unless local).
public struct LiveEndpoints: Sendable, Equatable, Codable {
    public struct Market: Sendable, Equatable, Codable {
        public var rest: String
        public var ws: String

        public init(rest: String, ws: String) {
            self.rest = rest
            self.ws = ws
        }
    }

    public var spot: Market
    public var usdm: Market

    public init(spot: Market, usdm: Market) {
        self.spot = spot
        self.usdm = usdm
    }

    public static let binance = LiveEndpoints(
        spot: Market(rest: "https://api.binance.com", ws: "wss://stream.binance.com:9443"),
        usdm: Market(rest: "https://fapi.binance.com", ws: "wss://fstream.binance.com"))

    public func endpoints(of market: ProdCore.Market) -> Market { market == .spot ? spot : usdm }

    /// Why `url` may not be a base URL of the feed, or `nil` when it may: `https`/`wss` anywhere,
    /// `http`/`ws` on 127.0.0.0/8 only, no user, query or fragment.
    public static func problem(with url: String, webSocket: Bool) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty else {
            return "'\(url)' is not an absolute URL"
        }
        let secure = webSocket ? "wss" : "https"
        let plain = webSocket ? "ws" : "http"
        guard scheme == secure || scheme == plain else { return "'\(url)': expected \(secure)://HOST[:PORT] (or \(plain):// on 127.0.0.1)" }
        if scheme == plain && !isLoopback(host) { return "'\(url)': \(plain):// is allowed for 127.0.0.0/8 only; use \(secure)://" }
        if components.user != nil || components.query != nil || components.fragment != nil {
            return "'\(url)': a base URL has no user, query or fragment"
        }
        return nil
    }

    static func isLoopback(_ host: String) -> Bool {
        let parts = host.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The command-line flags of the four base URLs (`brain start` and `prodcore-runner` take the
    /// same). Key paths are immutable values; Swift 6.3 does not mark them Sendable yet.
    nonisolated(unsafe) public static let flags: [(flag: String, url: WritableKeyPath<LiveEndpoints, String>, webSocket: Bool)] = [
        ("--spot-rest", \.spot.rest, false), ("--spot-ws", \.spot.ws, true), ("--usdm-rest", \.usdm.rest, false), ("--usdm-ws", \.usdm.ws, true),
    ]

    /// These endpoints with the URLs given as `flags` (flag → URL) in their place; throws the first
    /// refused one as "FLAG: problem".
    public func overriding(_ given: [String: String]) throws(LiveFeedError) -> LiveEndpoints {
        var endpoints = self
        for entry in Self.flags {
            guard let url = given[entry.flag] else { continue }
            if let problem = Self.problem(with: url, webSocket: entry.webSocket) { throw .refusedEndpoint("\(entry.flag): \(problem)") }
            endpoints[keyPath: entry.url] = url
        }
        return endpoints
    }

    /// Each URL checked by `problem(with:webSocket:)`; the first problem with its name.
    public func validate() -> (field: String, problem: String)? {
        for (field, url, webSocket) in [("spot.rest", spot.rest, false), ("spot.ws", spot.ws, true), ("usdm.rest", usdm.rest, false), ("usdm.ws", usdm.ws, true)] {
            if let problem = Self.problem(with: url, webSocket: webSocket) { return (field, problem) }
        }
        return nil
    }
}
