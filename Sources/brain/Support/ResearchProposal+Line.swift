import ProdCore

extension ResearchProposal {
    /// One line of `brain research proposals` and `brain status`.
    var line: String {
        "\(time)  \(passed ? "PASS" : "FAIL")\(promoted ? " promoted" : "")  \(candidate)  \(parameters)"
            + (gateReport.map { "  \($0)" } ?? "") + (note.map { "  (\($0))" } ?? "")
    }
}
