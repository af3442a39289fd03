import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ProdCore
import Synchronization

/// A fake Binance on 127.0.0.1 for tests, soaks and trying live mode offline: the public REST
/// market-data endpoints (`/api/v3/time`, `/api/v3/klines`, `/fapi/v1/time`, `/fapi/v1/klines`)
/// and `exchangeInfo`, and the combined kline streams (spot at `/stream`, USDT-M at `/usdm/stream`), in Binance's
/// formats, from Vision files, on its own clock, with scripted faults. Point the feed at it with
/// `--spot-rest http://127.0.0.1:PORT --spot-ws ws://127.0.0.1:PORT --usdm-rest http://127.0.0.1:PORT --usdm-ws ws://127.0.0.1:PORT/usdm`.
public final class FakeBinanceServer: Sendable {
    public let port: Int
    public let clock: FakeExchangeClock
    private let task: Task<Void, any Error>
    private let counters: Counters

    /// What the fake served, for tests and the soak's report.
    public struct Served: Sendable, Equatable {
        public var restRequests = 0
        public var restErrors = 0
        public var streamConnections = 0
        public var closedKlinesSent = 0
    }

    final class Counters: Sendable {
        let served = Mutex(Served())
        /// Weight used in each wall minute, as Binance reports it in `X-MBX-USED-WEIGHT-1M`.
        let weight = Mutex((minute: Int64(0), used: 0))
    }

    public var served: Served { counters.served.withLock { $0 } }

    private init(port: Int, clock: FakeExchangeClock, task: Task<Void, any Error>, counters: Counters) {
        self.port = port
        self.clock = clock
        self.task = task
        self.counters = counters
    }

    /// The base URLs of this server for the live feed.
    public var endpoints: LiveEndpoints {
        let base = "127.0.0.1:\(port)"
        return LiveEndpoints(spot: .init(rest: "http://\(base)", ws: "ws://\(base)"), usdm: .init(rest: "http://\(base)", ws: "ws://\(base)/usdm"))
    }

    /// The flags that point `brain start --feed live` (or `prodcore-runner`) at this server.
    public var feedFlags: [String] {
        let urls = endpoints
        return ["--spot-rest", urls.spot.rest, "--spot-ws", urls.spot.ws, "--usdm-rest", urls.usdm.rest, "--usdm-ws", urls.usdm.ws]
    }

    /// Starts listening on `port` (0 = any free port) and returns once it does.
    /// - Parameter instruments: what `exchangeInfo` lists, with their filters (normally configs/symbols.yaml's).
    public static func start(
        data: FakeMarketData, clock: FakeExchangeClock, faults: FakeBinanceFaults = .init(), instruments: [Instrument] = [], port: Int = 0
    ) async throws -> FakeBinanceServer {
        let counters = Counters()
        let routes = Routes(data: data, clock: clock, faults: faults, instruments: instruments, counters: counters)
        let router = Router(context: BasicWebSocketRequestContext.self)
        for (path, market) in [("/api/v3", Market.spot), ("/fapi/v1", Market.usdm)] {
            router.get("\(path)/time") { _, _ in routes.time() }
            router.get("\(path)/klines") { request, _ in routes.klines(request, market: market) }
            router.get("\(path)/exchangeInfo") { request, _ in routes.exchangeInfo(request, market: market) }
        }
        router.get("/fapi/v1/fundingRate") { request, _ in routes.fundingRate(request) }
        router.get("/fapi/v1/premiumIndex") { request, _ in routes.premiumIndex(request) }
        for (path, market) in [("/stream", Market.spot), ("/usdm/stream", Market.usdm)] {
            router.ws(RouterPath(path)) { _, _ in .upgrade([:]) } onUpgrade: { inbound, outbound, context in
                try await routes.stream(context.request, market: market, inbound: inbound, outbound: outbound)
            }
        }
        let (bound, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "fake-binance"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: Logger(label: "fake-binance", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = bound.makeAsyncIterator()
        guard let listening = await iterator.next(), listening > 0 else {
            task.cancel()
            _ = await task.result
            throw FakeBinanceError("cannot listen on 127.0.0.1:\(port)")
        }
        return FakeBinanceServer(port: listening, clock: clock, task: task, counters: counters)
    }

    public func stop() async {
        task.cancel()
        _ = await task.result
    }
}

public struct FakeBinanceError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
