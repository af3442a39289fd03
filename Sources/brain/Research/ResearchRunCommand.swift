import AgentTools
import ArgumentParser
import BrainOrchestrator
import Foundation
import ProdCore

struct ResearchRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "One cycle of the ResearchAgent: candidates around the paper-stage strategies, each gated in a low-priority process, recorded as proposals.",
        discussion: """
            For each paper-stage strategy of the registry, a candidate file of its parameters' neighbourhood (0.75×, 1×, \
            1.25×) on the latest research.window_days of the data, written to research_lab/generated/<stamp>/; each runs \
            `brain research gate` in a child process at the lowest CPU priority (nice 19), so a brain deciding beside it is \
            not slowed; each verdict is a proposal in the database (`brain status` and `brain research proposals` list \
            them). With research.auto_promote in configs/brain.yaml a passing candidate is promoted at stage canary into \
            research.promote_regimes; otherwise a person decides (`brain research promote`).
            """)

    @Option(help: "The brain's settings (research: section; the runner config's universe and database).")
    var config = "configs/brain.yaml"

    @Option(name: .customLong("research-config"), help: "The gate's settings (and the registry's path).")
    var researchConfig = "configs/research.yaml"

    @Option(name: .customLong("data"), parsing: .upToNextOption, help: "Kline files or folders (default: data/sample).")
    var paths: [String] = []

    @Option(help: "Where the generated candidate files go.")
    var out = "research_lab/generated"

    @Option(help: "Folder of the gate reports.")
    var reports = "reports"

    @Option(help: "The database the proposals are recorded in (default: the runner config's).")
    var db: String?

    func run() throws {
        let brain = try BrainConfig.load(from: config)
        let runner = try RunnerConfig.load(from: brain.runnerConfig)
        let settings = try GateSettings.load(from: researchConfig)
        let registry = try StrategyRegistry.load(from: settings.registry)
        let data = paths.isEmpty ? [DataSourceOptions.samplePath] : paths
        let files = try VisionFileLocator.discover(data)
        guard let lastPeriod = files.map(\.period).max(), let periodStart = UTCTimestamp.startOfDay(lastPeriod.count == 7 ? lastPeriod + "-01" : lastPeriod) else {
            throw CLIError("no Binance Vision kline files under \(data.joined(separator: " "))")
        }
        let day: Int64 = 86_400_000
        let lastDay = lastPeriod.count == 7 ? Self.lastDayOfMonth(periodStart) : periodStart
        let to = String(UTCTimestamp.iso8601(lastDay).prefix(10))
        let from = String(UTCTimestamp.iso8601(lastDay - Int64(brain.research.windowDays - 1) * day).prefix(10))
        let stamp = RunStamp.now().filter { $0.isNumber }.prefix(14)
        let candidates = try CandidateGenerator.candidates(
            registry, from: from, to: to, symbols: Array(Set(runner.universe.map(\.symbol))).sorted(), data: data, stamp: String(stamp))
        let folder = "\(out)/\(stamp)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = RunStore(database: try CruptoDatabase(path: db ?? runner.database))
        var proposals: [ResearchProposal] = []
        for candidate in candidates {
            let file = "\(folder)/\(candidate.id).yaml"
            try Data(candidate.yaml.utf8).write(to: URL(fileURLWithPath: file))
            let gate = try Self.lowPriority(["research", "gate", file, "--config", researchConfig, "--reports", reports])
            let reportFolder = gate.output.split(separator: "\n").first.map(String.init)
            let report = reportFolder.flatMap { FileManager.default.contents(atPath: $0 + "/gate.json") }.flatMap { try? JSONDecoder().decode(GateReport.self, from: $0) }
            var promoted = false
            var note: String? = report == nil ? "the gate did not run: \(gate.errors.split(separator: "\n").last ?? "")" : nil
            if let report, report.passed, brain.research.autoPromote {
                let promote = try Self.lowPriority(
                    ["research", "promote", file, "--stage", "canary", "--regimes", brain.research.promoteRegimes.joined(separator: ","), "--reports", reports,
                     "--registry", settings.registry, "--enable-map", brain.enableMap,
                     "--history", URL(fileURLWithPath: settings.registry).deletingLastPathComponent().path + "/history", "--db", db ?? runner.database])
                promoted = promote.status == 0
                note = promoted ? "promoted at canary by research.auto_promote" : "auto_promote failed: \(promote.errors.split(separator: "\n").last ?? "")"
            }
            let parameters = report.map { zip($0.definition.parameters, $0.chosen).map { "\($0)=\($1.numberText)" }.joined(separator: ",") } ?? ""
            let proposal = ResearchProposal(
                time: RunStamp.now(), candidate: candidate.id, file: file, gateReport: reportFolder.flatMap { report == nil ? nil : $0 }, passed: report?.passed ?? false,
                parameters: parameters, promoted: promoted, note: note)
            try store.recordProposal(proposal)
            proposals.append(proposal)
        }
        print("\(proposals.count) candidates around \(registry.paper.count) paper-stage strategies on \(from) … \(to); candidate files in \(folder)")
        for proposal in proposals { print(proposal.line) }
    }

    /// Runs this brain with `arguments` at the lowest CPU priority, waiting for it.
    static func lowPriority(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
        process.arguments = ["-n", "19", ThisExecutable.sibling("brain")] + arguments
        let (output, errors) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    static func lastDayOfMonth(_ firstDay: Int64) -> Int64 {
        let day: Int64 = 86_400_000
        var next = firstDay + 28 * day
        while UTCTimestamp.iso8601(next).dropFirst(5).prefix(2) == UTCTimestamp.iso8601(firstDay).dropFirst(5).prefix(2) { next += day }
        return next - day
    }
}
