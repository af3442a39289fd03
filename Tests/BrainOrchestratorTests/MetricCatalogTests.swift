import BrainOrchestrator
import Foundation
import ProdCore
import Testing

@Suite struct MetricCatalogTests {
    static let all = MetricCatalog.runner + MetricCatalog.brain

    @Test func namesFollowPrometheusConventions() {
        for entry in Self.all {
            #expect(entry.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(entry.name)")
            #expect(entry.name.hasSuffix("_total") == (entry.kind == .counter), "\(entry.name): counters, and only they, end in _total")
            #expect(!entry.help.isEmpty)
        }
        #expect(Set(MetricCatalog.runner.map(\.name)).count == MetricCatalog.runner.count, "no name twice")
        #expect(Set(MetricCatalog.brain.map(\.name)).count == MetricCatalog.brain.count, "no name twice")
    }

    @Test func docsMetricsListsEveryMetric() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let page = try String(contentsOf: root.appendingPathComponent("docs/metrics.md"), encoding: .utf8)
        for entry in Self.all {
            #expect(page.contains("| `\(entry.name)` | \(entry.kind.rawValue) |"), "\(entry.name) is not in docs/metrics.md")
        }
    }
}
