import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One short `brain start` with both metrics endpoints on, scraped while it runs, and scraped in
/// turn by a real Prometheus server (Debian's `prometheus`) loaded with the shipped
/// dashboards/prometheus files. Run once, shared by ObservabilityTests.
struct ObservedSession {
    var brainScrape = ""
    var runnerScrape = ""
    var brainPort = 0
    var runnerPort = 0
    var prometheusPort = 0
    /// What the Prometheus server answered after the session; `nil` without a `prometheus` binary.
    var prometheusAnswers: PrometheusAnswers?
    var errors = ""

    struct PrometheusAnswers {
        var equity: [[String: Any]]
        var regimes: [[String: Any]]
        var jobs: Set<String>
        var rules: Int
        /// Each dashboard query (Grafana's `$__range` as 10m) and how many series it returned; `nil` = an error.
        var dashboardQueries: [(expr: String, series: Int?)]
    }

    nonisolated(unsafe) static let shared: Result<ObservedSession, any Error> = Result { try ObservedSession.run() }

    static func run() throws -> ObservedSession {
        var session = ObservedSession()
        let folder = try BrainProcess.temporaryFolder()
        (session.brainPort, session.runnerPort, session.prometheusPort) = (try freePort(), try freePort(), try freePort())
        let prometheus = try startPrometheus(folder: folder, session: session)
        defer { prometheus?.terminate() }
        let brain = Process()
        brain.executableURL = URL(fileURLWithPath: BrainProcess.executable)
        brain.currentDirectoryURL = URL(fileURLWithPath: BrainProcess.repoRoot)
        brain.arguments = [
            "start", "--from", "2023-02-01", "--to", "2023-02-20", "--speed", "100000", "--db", folder + "/crupto.db", "--reports",
            folder + "/reports", "--socket", folder + "/run/prodcore.sock", "--metrics-port", String(session.brainPort),
            "--runner-metrics-port", String(session.runnerPort),
        ]
        _ = FileManager.default.createFile(atPath: folder + "/brain.err", contents: nil)
        brain.standardOutput = FileHandle.nullDevice
        brain.standardError = FileHandle(forWritingAtPath: folder + "/brain.err")
        try brain.run()
        // Keep the fullest scrape of each: the last one before the process went away.
        while brain.isRunning {
            if let text = scrape(session.brainPort), text.contains("crupto_brain_decisions_total") { session.brainScrape = text }
            if let text = scrape(session.runnerPort), text.contains("crupto_equity_usdt") { session.runnerScrape = text }
            Thread.sleep(forTimeInterval: 0.3)
        }
        session.errors = (try? String(contentsOfFile: folder + "/brain.err", encoding: .utf8)) ?? ""
        if prometheus != nil { session.prometheusAnswers = try session.askPrometheus() }
        return session
    }

    static func scrape(_ port: Int) -> String? {
        get("http://127.0.0.1:\(port)/metrics").map { String(decoding: $0, as: UTF8.self) }
    }

    /// The body of a 200 answer to GET `url`, or `nil`.
    static func get(_ url: String) -> Data? {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var body: Data?
        let task = URLSession.shared.dataTask(with: URL(string: url)!) { data, response, _ in
            if (response as? HTTPURLResponse)?.statusCode == 200 { body = data }
            done.signal()
        }
        task.resume()
        done.wait()
        return body
    }

    /// The shipped prometheus.yml with the test's ports and a 1 s scrape interval, beside a copy of alerts.yml.
    private static func startPrometheus(folder: String, session: ObservedSession) throws -> Process? {
        guard let binary = which("prometheus") else { return nil }
        let shipped = BrainProcess.repoRoot + "/dashboards/prometheus/"
        let config = try String(contentsOfFile: shipped + "prometheus.yml", encoding: .utf8)
            .replacingOccurrences(of: "127.0.0.1:9463", with: "127.0.0.1:\(session.brainPort)")
            .replacingOccurrences(of: "127.0.0.1:9464", with: "127.0.0.1:\(session.runnerPort)")
            .replacingOccurrences(of: "scrape_interval: 5s", with: "scrape_interval: 1s")
        try config.write(toFile: folder + "/prometheus.yml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: shipped + "alerts.yml", toPath: folder + "/alerts.yml")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--config.file=\(folder)/prometheus.yml", "--storage.tsdb.path=\(folder)/tsdb",
            "--web.listen-address=127.0.0.1:\(session.prometheusPort)",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if get("http://127.0.0.1:\(session.prometheusPort)/-/ready") != nil { return process }
            Thread.sleep(forTimeInterval: 0.2)
        }
        process.terminate()
        throw TestFailure("prometheus did not get ready on port \(session.prometheusPort)")
    }

    private func askPrometheus() throws -> PrometheusAnswers {
        let rules = try JSONSerialization.jsonObject(with: Self.get("http://127.0.0.1:\(prometheusPort)/api/v1/rules") ?? Data()) as? [String: Any]
        let groups = (rules?["data"] as? [String: Any])?["groups"] as? [[String: Any]] ?? []
        let dashboard = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: BrainProcess.repoRoot + "/dashboards/grafana/crupto.json"))) as? [String: Any]
        let expressions = (dashboard?["panels"] as? [[String: Any]] ?? []).flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        // Evaluated at the end of the session, over the minute before: the series it left.
        let dashboardQueries = expressions.map { expression in
            (expression, try? query("last_over_time((\(expression.replacingOccurrences(of: "$__range", with: "10m")))[1m:1s])").count)
        }
        return PrometheusAnswers(
            equity: try query("last_over_time(crupto_equity_usdt[10m])"), regimes: try query("last_over_time(crupto_regime[10m])"),
            jobs: Set(try query("count_over_time(up[10m])").compactMap { ($0["metric"] as? [String: String])?["job"] }),
            rules: groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }.count, dashboardQueries: dashboardQueries)
    }

    /// A result of the Prometheus HTTP API's instant query; a query Prometheus refuses throws.
    private func query(_ promql: String) throws -> [[String: Any]] {
        var components = URLComponents(string: "http://127.0.0.1:\(prometheusPort)/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: promql)]
        let body = try JSONSerialization.jsonObject(with: Self.get(components.url!.absoluteString) ?? Data()) as? [String: Any]
        guard body?["status"] as? String == "success" else { throw TestFailure("Prometheus refused \(promql)") }
        return (body?["data"] as? [String: Any])?["result"] as? [[String: Any]] ?? []
    }

    static func which(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") + ["/usr/bin", "/usr/sbin"] {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
