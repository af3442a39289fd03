import AgentTools
import Foundation
import ProdCore

/// The outcome of one expectation.
public struct ScenarioCheck: Sendable {
    public var name: String
    public var passed: Bool
    /// What was observed.
    public var detail: String
}

/// Checks a scenario's expectations against what its runs left behind.
struct ScenarioChecks {
    let scenario: Scenario
    let observed: ScenarioObservation
    /// Digests of the extra runs the digest expectations asked for.
    let digests: [Scenario.DigestCheck: String]

    func check(_ expectation: Scenario.Expectation) -> ScenarioCheck {
        let result = observed.result
        switch expectation {
        case .decisions(let range):
            return count("decisions \(range)", result.decisions, range)
        case .restarts(let range):
            // Each restart follows a `runner_crashed` alert that says why the runner was lost.
            var check = count("runner restarts \(range)", result.restarts, range)
            let causes = result.alerts.filter { $0.code == "runner_crashed" }.map { String($0.message.prefix(300)) }
            if !causes.isEmpty { check.detail += ": " + causes.joined(separator: " | ") }
            return check
        case .plansRejected(let range):
            return count("plans rejected \(range)", result.plansRejected, range)
        case .fills(let range):
            return count("fills \(range)", observed.fills, range)
        case .promotions(let range):
            return count("promotion audit rows \(range)", observed.promotions, range)
        case .mapVersions(let range):
            let versions = observed.mapVersions
            return ScenarioCheck(name: "enable-map versions named by plans \(range)", passed: range.contains(versions.count), detail: versions.joined(separator: " → "))
        case .governorEvents(let kind, let range):
            return count("governor events \(kind.rawValue) \(range)", observed.governorEvents.filter { $0.kind == kind }.count, range)
        case .alert(let code, let contains):
            let matching = result.alerts.filter { $0.code == code && (contains.map($0.message.contains) ?? true) }
            let name = "alert \(code)" + (contains.map { " containing '\($0)'" } ?? "")
            let seen = result.alerts.filter { $0.code == code }.map(\.message).first ?? "codes seen: \(Set(result.alerts.map(\.code)).sorted())"
            return ScenarioCheck(name: name, passed: !matching.isEmpty, detail: seen)
        case .artifact(let file):
            let path = "\(result.reportFolder)/\(file)"
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            return ScenarioCheck(name: "report has \(file)", passed: (size ?? 0) > 0, detail: size.map { "\($0) bytes" } ?? "missing in \(result.reportFolder)")
        case .digest(let kind):
            let other = digests[kind] ?? "not run"
            let name = kind == .stable ? "same digest on a second run" : "same digest as a run without the actions"
            return ScenarioCheck(name: name, passed: other == result.digest, detail: "\(result.digest.prefix(16)) vs \(other.prefix(16))")
        case .regimes(let symbol, let expectation):
            return regimes(symbol, expectation)
        case .strategies(let window):
            return strategies(window)
        }
    }

    private func count(_ name: String, _ value: Int, _ range: CountRange) -> ScenarioCheck {
        ScenarioCheck(name: name, passed: range.contains(value), detail: "\(value)")
    }

    private func regimes(_ symbol: String, _ expectation: RegimeExpectation) -> ScenarioCheck {
        let changes = observed.regimeChanges(of: symbol)
        var collapsed: [MarketRegime] = []
        for regime in changes.compactMap(\.regime) where collapsed.last != regime { collapsed.append(regime) }
        var failures: [String] = []
        var remaining = expectation.sequence[...]
        for regime in collapsed where regime == remaining.first { remaining = remaining.dropFirst() }
        if !remaining.isEmpty { failures.append("\(remaining.map(\.rawValue)) not seen in order") }
        let switches = max(0, collapsed.count - 1)
        if let cap = expectation.maxSwitches, switches > cap { failures.append("\(switches) switches > \(cap)") }
        var detail = "\(collapsed.map(\.rawValue).joined(separator: " → ")) (\(switches) switches)"
        if let minimum = expectation.minAgreement {
            guard case .synthetic(let script) = scenario.market else {
                return ScenarioCheck(name: "regimes of \(symbol)", passed: false, detail: "min_agreement needs a synthetic market (true regimes)")
            }
            let share = agreement(changes, script: script)
            detail += String(format: ", agreement %.1f %%", share * 100)
            if share < minimum { failures.append(String(format: "agreement %.1f %% < %.1f %%", share * 100, minimum * 100)) }
        }
        let name = "regimes of \(symbol)" + (expectation.sequence.isEmpty ? "" : " include \(expectation.sequence.map(\.rawValue).joined(separator: " → "))")
        return ScenarioCheck(name: name, passed: failures.isEmpty, detail: failures.isEmpty ? detail : failures.joined(separator: "; ") + ": " + detail)
    }

    /// Share of decision points with a classified regime (not warming) at which it was the true one.
    private func agreement(_ changes: [(time: Int64, regime: MarketRegime?)], script: SyntheticScript) -> Double {
        var index = -1, scored = 0, agreed = 0
        for time in observed.result.decisionTimes {
            while index + 1 < changes.count && changes[index + 1].time <= time { index += 1 }
            guard index >= 0, let regime = changes[index].regime, let truth = script.truth(closingAt: time) else { continue }
            scored += 1
            if MarketRegime(truth: truth) == regime { agreed += 1 }
        }
        return scored == 0 ? 0 : Double(agreed) / Double(scored)
    }

    private func strategies(_ window: StrategyWindow) -> ScenarioCheck {
        let end = window.to.map(observed.decisionTime) ?? .max
        let sets = observed.strategiesInForce(from: observed.decisionTime(window.from), to: end)
        let seen = sets.reduce(into: Set<String>()) { $0.formUnion($1) }
        var failures: [String] = []
        if let only = window.only, !seen.isSubset(of: only) { failures.append("also enabled: \(seen.subtracting(only).sorted())") }
        if !window.includes.isSubset(of: seen) { failures.append("never enabled: \(window.includes.subtracting(seen).sorted())") }
        var name = "strategies in force over decisions \(window.from)..<\(window.to.map(String.init) ?? "end")"
        if let only = window.only { name += " only \(only.sorted())" }
        if !window.includes.isEmpty { name += " include \(window.includes.sorted())" }
        return ScenarioCheck(name: name, passed: failures.isEmpty, detail: (failures + ["\(sets.count) plans, enabled \(seen.sorted())"]).joined(separator: "; "))
    }
}
