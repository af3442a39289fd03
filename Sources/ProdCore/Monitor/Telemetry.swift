import CoreMetrics
import Foundation
import Metrics
import Prometheus

/// A process's metrics: swift-metrics handles backed by one Prometheus registry, served by a
/// `MetricsServer` on loopback. `start(port: 0)` serves nothing and leaves swift-metrics'
/// no-op backend in place, so disabled metrics cost a call into an empty function.
public final class Telemetry: Sendable {
    public let server: MetricsServer

    /// The process's registry, bootstrapped into swift-metrics once (a process has one backend).
    private static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let fine: [Duration] = [
            .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(5),
        ]
        factory.defaultDurationHistogramBuckets = fine
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    private let scrapeHooks = ScrapeHooks()

    /// Serves `catalog`'s metrics on 127.0.0.1:`port`; `nil` when `port` is 0 (disabled). Create
    /// the process's metric handles after this: before it, swift-metrics hands out no-ops.
    public static func start(port: Int, catalog: [MetricCatalog.Entry]) throws -> Telemetry? {
        guard port != 0 else { return nil }
        guard (1...65_535).contains(port) else { throw RunnerError("metrics port \(port): expected 1…65535, or 0 to disable") }
        return try Telemetry(port: port, catalog: catalog)
    }

    /// Like `start(port:catalog:)`, for a port from a configuration file (`setting` names it): one
    /// that cannot be served (another program holds it) is a one-line warning and the run goes on
    /// without /metrics. A port given on the command line (`explicit`) stays a hard error.
    public static func start(
        port: Int, catalog: [MetricCatalog.Entry], explicit: Bool, setting: String, warn: (String) -> Void
    ) throws -> Telemetry? {
        do {
            return try start(port: port, catalog: catalog)
        } catch where !explicit {
            warn("metrics port \(port) (\(setting)) cannot be served: \(error); this run has no /metrics (choose another port there, or 0 for none)")
            return nil
        }
    }

    /// Runs `hook` before every scrape, for values computed at scrape time.
    public func refreshAtScrape(_ hook: @escaping @Sendable () -> Void) { scrapeHooks.add(hook) }

    private init(port: Int, catalog: [MetricCatalog.Entry]) throws {
        let registry = Self.registry
        let memory = Metrics.Gauge(label: MetricCatalog.residentMemory)
        let cpu = FloatingPointCounter(label: MetricCatalog.cpuSeconds)
        Metrics.Gauge(label: MetricCatalog.startTime).record(Date().timeIntervalSince1970)
        let counted = CPUCount()
        let hooks = scrapeHooks
        server = try MetricsServer(port: port, registry: registry, catalog: catalog) {
            if let reading = ProcessMetrics.read() {
                memory.record(reading.residentBytes)
                cpu.increment(by: counted.advance(to: reading.cpuSeconds))
            }
            hooks.run()
        }
    }

    public func shutdown() { server.shutdown() }
}

/// The CPU seconds already counted, so each scrape adds what was used since the last one.
private final class CPUCount: @unchecked Sendable {
    private let lock = NSLock()
    private var counted = 0.0

    func advance(to total: Double) -> Double {
        lock.withLock {
            defer { counted = max(counted, total) }
            return max(0, total - counted)
        }
    }
}

private final class ScrapeHooks: @unchecked Sendable {
    private let lock = NSLock()
    private var hooks: [@Sendable () -> Void] = []

    func add(_ hook: @escaping @Sendable () -> Void) { lock.withLock { hooks.append(hook) } }
    func run() { for hook in lock.withLock({ hooks }) { hook() } }
}
