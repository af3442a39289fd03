import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus

/// Serves `GET /metrics` (Prometheus text format 0.0.4) on a loopback port, on its own event-loop
/// thread: a scrape never waits for, or stalls, the process's main loop. Each connection answers
/// one request and closes.
public final class MetricsServer: Sendable {
    /// The port it listens on (the one asked for, or the one the system chose for 0).
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// - Parameter beforeScrape: refreshes values computed at scrape time (process memory, feed lag).
    public init(
        port: Int, registry: PrometheusCollectorRegistry, catalog: [MetricCatalog.Entry], beforeScrape: @escaping @Sendable () -> Void
    ) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let exposition = MetricsExposition(registry: registry, catalog: catalog, beforeScrape: beforeScrape)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHandler(exposition: exposition))
                }
            }
        do {
            channel = try bootstrap.bind(host: "127.0.0.1", port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            // NIO's IOError text repeats the call's name and errno; the reason is what a person needs.
            let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)).lowercased() } ?? "\(error)"
            throw RunnerError("cannot serve metrics on 127.0.0.1:\(port): \(reason)")
        }
        self.group = group
        self.port = channel.localAddress?.port ?? port
    }

    public func shutdown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// The scrape body: the registry's exposition with a `# HELP` line from the catalog before each
/// family's `# TYPE` line (swift-metrics has no help texts; promtool requires them).
struct MetricsExposition: Sendable {
    let registry: PrometheusCollectorRegistry
    let help: [String: String]
    let beforeScrape: @Sendable () -> Void

    init(registry: PrometheusCollectorRegistry, catalog: [MetricCatalog.Entry], beforeScrape: @escaping @Sendable () -> Void) {
        self.registry = registry
        help = Dictionary(catalog.map { ($0.name, $0.help) }, uniquingKeysWith: { first, _ in first })
        self.beforeScrape = beforeScrape
    }

    func render() -> [UInt8] {
        beforeScrape()
        var raw: [UInt8] = []
        registry.emit(into: &raw)
        var output: [UInt8] = []
        output.reserveCapacity(raw.count + help.count * 64)
        for line in raw.split(separator: UInt8(ascii: "\n")) {
            if line.starts(with: Array("# TYPE ".utf8)) {
                let name = String(decoding: line.dropFirst(7).prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self)
                if let text = help[name] { output += Array("# HELP \(name) \(text)\n".utf8) }
            }
            output += line
            output.append(UInt8(ascii: "\n"))
        }
        return output
    }
}

private final class MetricsHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let exposition: MetricsExposition
    private var head: HTTPRequestHead?

    init(exposition: MetricsExposition) {
        self.exposition = exposition
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request): head = request
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
            if head.method == .GET && path == "/metrics" {
                respond(context, .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: exposition.render())
            } else {
                respond(context, head.method == .GET ? .notFound : .methodNotAllowed, contentType: "text/plain", body: Array("GET /metrics only\n".utf8))
            }
        }
    }

    private func respond(_ context: ChannelHandlerContext, _ status: HTTPResponseStatus, contentType: String, body: [UInt8]) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
