import AgentTools
import ArgumentParser
import BrainOrchestrator
import Foundation
import ProdCore

struct PromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Put a candidate that passed the gate into the registry and the enable map, together, with an audit row.",
        discussion: """
            Requires a passing gate report (reports/gate_*_<id>/gate.json, the newest) of exactly this candidate: the same \
            file (SHA-256), the same data files and the same code version — or --override "reason", which is recorded. \
            Adds the candidate with the parameters the gate chose to configs/strategies.yaml (at --stage) and to the \
            enable map's --regimes; both files change or neither, the previous versions kept in configs/history/. A running \
            `brain start` applies the new map at its next decision point, as after any edit. `brain research demote ID` undoes it.
            """)

    @Argument(help: "The candidate file (research_lab/*.yaml).")
    var candidate: String

    @Option(help: "Regimes of the enable map's defaults to enable it in, such as bullish,range.")
    var regimes: String

    @Option(help: "Registry stage: paper or canary.")
    var stage = "paper"

    @Option(name: .customLong("risk-weight"), help: "Its share of the paper portfolio (relative).")
    var riskWeight = 1.0

    @Option(help: "Promote without a passing gate report, for this recorded reason.")
    var override: String?

    @OptionGroup var files: PromotionFiles

    func run() throws {
        try files.finishInterrupted()
        guard ["paper", "canary"].contains(stage) else { throw ValidationError("--stage: paper or canary, got '\(stage)'") }
        guard riskWeight.isFinite, riskWeight > 0, riskWeight <= 100 else { throw ValidationError("--risk-weight: expected (0, 100]") }
        if let override, override.trimmingCharacters(in: .whitespaces).count < 10 {
            throw ValidationError("--override: give the reason in a sentence (it is recorded)")
        }
        let loaded = try CandidateOptions.parse(["--candidate", candidate, "--workers", "1"]).load()
        let id = loaded.candidate.id
        let gate = try passingGate(id: id, definition: loaded.definition)
        guard gate != nil || override != nil else {
            throw CLIError("no passing gate report of \(candidate) as it is now (same file, data and code) in \(files.reports): run `brain research gate \(candidate)`, or give --override \"reason\"")
        }
        var values = loaded.candidate.grid.fixed
        // Without a gate (an override) the parameters are those a sweep of the candidate ranks best now.
        let chosen = try gate?.report.chosen ?? SweepRow.ranked(loaded.sweep.run(loaded.feed, workers: ProcessInfo.processInfo.activeProcessorCount))[0].parameters
        for (name, value) in zip(loaded.definition.parameters, chosen) { values[name] = value }
        let spec = try StrategySpec(name: loaded.candidate.grid.strategy, values: values)
        let timeframe = loaded.candidate.backtestFlags.first { $0.hasPrefix("--timeframe=") }.map { String($0.dropFirst("--timeframe=".count)) }
        let market = loaded.candidate.backtestFlags.first { $0.hasPrefix("--market=") }.map { String($0.dropFirst("--market=".count)) }
        let (registryBefore, mapBefore) = try files.read()
        let note = gate.map { "gate \($0.sha256.prefix(12))" } ?? "override: \(override!)"
        let registryAfter: String
        let mapAfter: String
        do {
            registryAfter = try PromotionEdit.register(
                registryBefore, id: id, strategy: spec.description, timeframe: timeframe, market: market, stage: stage, riskWeight: riskWeight, note: note)
            mapAfter = try PromotionEdit.enable(
                mapBefore, id: id, strategy: spec.description, timeframe: timeframe,
                regimes: regimes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        } catch { throw CLIError("\(error)") }
        try files.check(registry: registryAfter, enableMap: mapAfter)
        let history = try ConfigPairWriter.write(
            [(files.registry, registryAfter), (files.enableMap, mapAfter)], history: files.history, label: "promote_\(id)")
        try files.store().recordPromotion(PromotionRecord(
            time: RunStamp.now(), action: "promote", candidate: id, gateReport: gate?.folder, gateSHA256: gate?.sha256, overrideReason: override,
            registryBefore: registryBefore, registryAfter: registryAfter, enableMapBefore: mapBefore, enableMapAfter: mapAfter))
        print("promoted \(id): \(spec) at \(stage) in \(regimes) (\(note)); previous files in \(history)")
    }

    /// The newest gate report of `id` that passed, on this candidate file, these data files and this code.
    private func passingGate(id: String, definition: SweepResult.Definition) throws -> (folder: String, sha256: String, report: GateReport)? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: files.reports)) ?? [])
            .filter { $0.hasPrefix("gate_") && $0.hasSuffix("_\(id)") }.sorted().reversed()
        let candidateSHA = try RunFile.fingerprint(candidate, role: "candidate").sha256
        for name in names {
            let path = "\(files.reports)/\(name)/gate.json"
            guard let data = FileManager.default.contents(atPath: path), let report = try? JSONDecoder().decode(GateReport.self, from: data) else { continue }
            if report.passed && report.candidateSHA256 == candidateSHA && report.definition.data == definition.data
                && report.definition.codeVersion == definition.codeVersion && report.definition.backtestFlags == definition.backtestFlags
            {
                return ("\(files.reports)/\(name)", try RunFile.fingerprint(path, role: "gate").sha256, report)
            }
        }
        return nil
    }
}

/// The files a promotion changes and records in.
struct PromotionFiles: ParsableArguments {
    @Option(help: "The strategy registry.")
    var registry = "configs/strategies.yaml"

    @Option(name: .customLong("enable-map"), help: "The enable map.")
    var enableMap = "configs/enable_map.yaml"

    @Option(help: "Where previous versions of both are kept.")
    var history = "configs/history"

    @Option(help: "Folder of the gate reports.")
    var reports = "reports"

    @Option(help: "The database of the audit rows.")
    var db = "storage/crupto.db"

    func finishInterrupted() throws {
        for folder in try ConfigPairWriter.finishInterrupted(history: history) {
            FileHandle.standardError.write(Data("brain: finished the interrupted change recorded in \(folder)\n".utf8))
        }
    }

    func read() throws -> (String, String) {
        (try YAMLConfigLoader.read(registry), try YAMLConfigLoader.read(enableMap))
    }

    /// Both new texts parse as the brain will read them: a promotion never writes a file the
    /// running brain would refuse.
    func check(registry registryText: String, enableMap mapText: String) throws {
        _ = try YAMLConfigLoader.decode(StrategyRegistry.self, from: registryText, file: registry + " (as it would become)")
        _ = try EnableMapParser(universe: []).parse(mapText, file: enableMap + " (as it would become)")
    }

    func store() throws -> RunStore { RunStore(database: try CruptoDatabase(path: db)) }
}
