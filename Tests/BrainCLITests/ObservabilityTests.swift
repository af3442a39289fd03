import BrainOrchestrator
import Foundation
import Testing
import Yams

/// The metrics of both processes as Prometheus, promtool and the dashboard see them, from a real
/// `brain start` (ObservedSession).
@Suite(.serialized) struct ObservabilityTests {
    static func session() throws -> ObservedSession {
        let session = try ObservedSession.shared.get()
        try #require(!session.brainScrape.isEmpty && !session.runnerScrape.isEmpty, "no scrape of both processes: \(session.errors)")
        return session
    }

    /// The metric names the dashboard's queries and the alert rules use.
    static func namesUsed() throws -> Set<String> {
        let root = BrainProcess.repoRoot + "/dashboards/"
        let dashboard = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "grafana/crupto.json"))) as? [String: Any]
        var expressions: [String] = []
        for panel in dashboard?["panels"] as? [[String: Any]] ?? [] {
            expressions += (panel["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String }
        }
        let rules = try Yams.load(yaml: String(contentsOfFile: root + "prometheus/alerts.yml", encoding: .utf8)) as? [String: Any]
        for group in rules?["groups"] as? [[String: Any]] ?? [] {
            expressions += (group["rules"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String }
        }
        #expect(expressions.count > 30, "the dashboard's and the rules' queries were read")
        let pattern = try NSRegularExpression(pattern: "\\b(crupto|process)_[a-z0-9_]+")
        return Set(expressions.flatMap { expression in
            pattern.matches(in: expression, range: NSRange(expression.startIndex..., in: expression)).map { String(expression[Range($0.range, in: expression)!]) }
        })
    }

    /// Names a scrape has samples of (histogram series count under their _bucket/_sum/_count names).
    static func sampledNames(_ scrape: String) -> Set<String> {
        Set(scrape.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0.prefix { $0 != "{" && $0 != " " }) })
    }

    @Test func everyMetricTheDashboardAndTheAlertsUseIsInRealScrapes() throws {
        let session = try Self.session()
        let scraped = Self.sampledNames(session.brainScrape).union(Self.sampledNames(session.runnerScrape))
        let used = try Self.namesUsed()
        #expect(used.count > 30)
        #expect(used.subtracting(scraped).isEmpty, "used but not exported: \(used.subtracting(scraped).sorted())")
    }

    @Test func promtoolAcceptsBothScrapes() throws {
        let session = try Self.session()
        let promtool = try #require(ObservedSession.which("promtool"), "promtool is missing: scripts/test.sh installs Debian's prometheus package")
        for (name, scrape) in [("brain", session.brainScrape), ("runner", session.runnerScrape)] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: promtool)
            process.arguments = ["check", "metrics"]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            try process.run()
            input.fileHandleForWriting.write(Data(scrape.utf8))
            try input.fileHandleForWriting.close()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "promtool check metrics on the \(name)'s scrape: \(text)")
        }
    }

    @Test func theScrapesCarryTheRunsState() throws {
        let session = try Self.session()
        let values = Dictionary(session.runnerScrape.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line -> (String, Double)? in
            let parts = line.split(separator: " ")
            return parts.count == 2 ? (String(parts[0]), Double(parts[1]) ?? .nan) : nil
        }, uniquingKeysWith: { $1 })
        #expect((values["crupto_equity_usdt"] ?? 0) > 0)
        #expect((values["crupto_decision_points_total"] ?? 0) > 100, "hourly decision points over the scraped days")
        #expect((values["crupto_feed_bars_total{symbol=\"BTCUSDT\",market=\"spot\"}"] ?? 0) > 10_000)
        #expect(session.brainScrape.contains("crupto_regime{symbol=\"BTCUSDT\"}"))
        #expect(session.brainScrape.contains("crupto_agent_messages_total{id=\"regime->selection\",source=\"regime\",target=\"selection\"}"))
        // The dashboard's node graph: every agent and edge of the one declaration.
        for node in AgentGraph.nodes {
            #expect(session.brainScrape.contains("crupto_agent_node{id=\"\(node.id)\",title=\"\(node.title)\"} 1"), "\(node.id)")
        }
        for edge in AgentGraph.edges {
            #expect(session.brainScrape.contains("crupto_agent_messages_total{id=\"\(edge.id)\",source=\"\(edge.source)\",target=\"\(edge.target)\"}"), "\(edge.id)")
        }
    }

    /// Debian's Prometheus, configured by the shipped prometheus.yml and alerts.yml, scraped the
    /// session: its HTTP API answers with equity and regime series, and it loaded every rule.
    @Test func aRealPrometheusServerScrapedTheSession() throws {
        let session = try Self.session()
        let answers = try #require(session.prometheusAnswers, "prometheus is missing: scripts/test.sh installs Debian's prometheus package")
        #expect(answers.equity.count == 1)
        let value = ((answers.equity.first?["value"] as? [Any])?.last as? String).flatMap(Double.init) ?? 0
        #expect(value > 0, "equity \(answers.equity)")
        #expect(answers.regimes.contains { ($0["metric"] as? [String: String])?["symbol"] == "BTCUSDT" }, "regimes \(answers.regimes)")
        #expect(answers.jobs == ["crupto-brain", "prodcore-runner"])
        #expect(answers.rules == 10, "every alert rule loaded")
    }

    /// Every query of the dashboard is valid PromQL and gives the panel series from the session.
    @Test func everyDashboardQueryReturnsSeries() throws {
        let session = try Self.session()
        let answers = try #require(session.prometheusAnswers, "prometheus is missing: scripts/test.sh installs Debian's prometheus package")
        #expect(answers.dashboardQueries.count > 30)
        for (expression, series) in answers.dashboardQueries {
            #expect(series != nil, "Prometheus refused the dashboard query \(expression)")
            #expect((series ?? 0) > 0, "no series for the dashboard query \(expression)")
        }
    }
}
