import ArgumentParser
import BrainOrchestrator
import Foundation

/// `brain e2e run`: the agent scenario harness (docs/e2e.md).
struct E2ECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e", abstract: "End-to-end agent scenarios: a market, actions, expectations.", subcommands: [Run.self])

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run scenario files through brain and runner; print pass/fail per expectation; exit 1 if any fails.",
            discussion: "With no files it runs every Tests/Scenarios/*.yaml. Each scenario works in WORK/NAME (emptied first).")

        @Argument(help: "Scenario files (default: Tests/Scenarios/*.yaml).")
        var files: [String] = []

        @Option(help: "Folder for the scenarios' configs, databases and reports.")
        var work = "storage/e2e"

        @Option(help: "The prodcore-runner executable (default: beside this brain).")
        var runner: String?

        @Flag(help: "Print the results as JSON.")
        var json = false

        @Flag(help: "Print the brain's log lines on stderr.")
        var verbose = false

        func run() throws {
            let paths = try files.isEmpty ? Self.defaultScenarios() : files
            let scenarios = try paths.map { path in
                do { return try ScenarioParser.load(path) } catch { throw CLIError("\(error)") }
            }
            let duplicates = Dictionary(grouping: scenarios, by: \.name).filter { $0.value.count > 1 }.keys
            guard duplicates.isEmpty else { throw CLIError("two scenarios are named \(duplicates.sorted().joined(separator: ", ")): names must differ") }
            let verbose = verbose
            var runner = ScenarioRunner(
                runnerExecutable: runner ?? ThisExecutable.sibling("prodcore-runner"), workFolder: work,
                log: { line in if verbose { FileHandle.standardError.write(Data("brain: \(line)\n".utf8)) } })
            runner.brainExecutable = ThisExecutable.path
            var reports: [ScenarioReport] = []
            for scenario in scenarios {
                if !json { FileHandle.standardError.write(Data("running \(scenario.name) (\(scenario.file))…\n".utf8)) }
                do {
                    reports.append(try runner.run(scenario))
                } catch {
                    throw CLIError("\(scenario.file): the scenario could not run: \(error)")
                }
                if !json { print(ScenarioOutput.text(reports.last!)) }
            }
            if json {
                print(ScenarioOutput.json(reports))
            } else {
                print("\(reports.filter(\.passed).count) of \(reports.count) scenarios passed")
            }
            if !reports.allSatisfy(\.passed) { throw ExitCode(1) }
        }

        static func defaultScenarios() throws -> [String] {
            let folder = "Tests/Scenarios"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
                throw CLIError("\(folder): no such folder; name scenario files or run from the repository root")
            }
            let files = names.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
            guard !files.isEmpty else { throw CLIError("\(folder): no .yaml scenario files") }
            return files
        }
    }
}

/// How `brain e2e run` prints its results.
enum ScenarioOutput {
    static func text(_ report: ScenarioReport) -> String {
        var lines = [
            "\(report.passed ? "PASS" : "FAIL") \(report.name) (\(report.file)): \(report.runs) run\(report.runs == 1 ? "" : "s"), "
                + String(format: "%.1f s", report.seconds) + ", digest \(report.digest.prefix(16))"
        ]
        for check in report.checks { lines.append("  \(check.passed ? "ok  " : "FAIL") \(check.name): \(check.detail)") }
        return lines.joined(separator: "\n")
    }

    static func json(_ reports: [ScenarioReport]) -> String {
        let object = reports.map { report -> [String: Any] in
            [
                "name": report.name, "file": report.file, "passed": report.passed, "runs": report.runs, "digest": report.digest,
                "seconds": report.seconds,
                "checks": report.checks.map { ["name": $0.name, "passed": $0.passed, "detail": $0.detail] as [String: Any] },
            ]
        }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }
}
