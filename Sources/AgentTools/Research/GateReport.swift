import Foundation
import ProdCore

/// The gate's verdict on a candidate: each check with its number, threshold and PASS/FAIL, and
/// what the verdict was reached on (the candidate file's, the data files' and the code's
/// identity), so a promotion can require a passing report of exactly this candidate.
public struct GateReport: Sendable, Codable, Equatable {
    public struct Check: Sendable, Codable, Equatable {
        public let name: String
        /// `nil`: the number could not be computed (no losing trade, too few days…), which fails a blocking check.
        public let value: Double?
        public let rule: String
        public let threshold: Double
        public let blocking: Bool
        public let passed: Bool

        public init(_ name: String, _ value: Double?, atLeast threshold: Double, blocking: Bool = true) {
            (self.name, self.value, rule, self.threshold, self.blocking) = (name, value, "≥", threshold, blocking)
            passed = value.map { $0 >= threshold } ?? false
        }

        public init(_ name: String, _ value: Double?, atMost threshold: Double, blocking: Bool = true) {
            (self.name, self.value, rule, self.threshold, self.blocking) = (name, value, "≤", threshold, blocking)
            passed = value.map { $0 <= threshold } ?? false
        }
    }

    public let candidate: String
    public let candidateSHA256: String
    public let definition: SweepResult.Definition
    public let chosen: [Double]
    public let checks: [Check]
    /// Portfolio members that could not be run on this candidate's data, and why.
    public let portfolioNotes: [String]
    public let monteCarlo: MonteCarloResult

    public init(
        candidate: String, candidateSHA256: String, definition: SweepResult.Definition, chosen: [Double], checks: [Check], portfolioNotes: [String],
        monteCarlo: MonteCarloResult
    ) {
        (self.candidate, self.candidateSHA256, self.definition, self.chosen) = (candidate, candidateSHA256, definition, chosen)
        (self.checks, self.portfolioNotes, self.monteCarlo) = (checks, portfolioNotes, monteCarlo)
    }

    public var passed: Bool { checks.allSatisfy { $0.passed || !$0.blocking } }

    public var markdown: String {
        let parameters = zip(definition.parameters, chosen).map { "\($0)=\($1.numberText)" }.joined(separator: ", ")
        var lines = [
            "# Gate \(definition.id): \(passed ? "PASS" : "FAIL")", "",
            "Candidate `\(candidate)` (sha256 `\(candidateSHA256)`), \(definition.strategy) with \(parameters) chosen of \(definition.combinations) combinations; code \(definition.codeVersion); data " + definition.data.map { "`\($0.path)`" }.joined(separator: ", ") + ".",
            "", "| Check | Value | Rule | Result |", "|---|---|---|---|",
        ]
        for check in checks {
            let value = check.value.map { String(format: "%.4f", $0) } ?? "—"
            let result = check.passed ? "PASS" : check.blocking ? "FAIL" : "fail (reported, not blocking)"
            lines.append("| \(check.name) | \(value) | \(check.rule) \(check.threshold.numberText) | \(result) |")
        }
        if !portfolioNotes.isEmpty { lines += ["", "Portfolio: " + portfolioNotes.joined(separator: "; ")] }
        lines += ["", MonteCarloReport.markdown(monteCarlo, source: "the out-of-sample result", heading: "##")]
        return lines.joined(separator: "\n")
    }
}
