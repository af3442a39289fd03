/// The text edits a promotion makes to `configs/strategies.yaml` and `configs/enable_map.yaml`
/// and a demotion undoes: lines added and marked, never a rewrite of the files, so their
/// comments and a person's edits stay as they were.
public enum PromotionEdit {
    /// The mark on every enable-map line a promotion of `id` adds.
    static func mark(_ id: String) -> String { "# promoted: \(id)" }

    /// The registry with `id` added as one entry, at `stage`.
    public static func register(
        _ registry: String, id: String, strategy: String, timeframe: String?, market: String?, stage: String, riskWeight: Double, note: String
    ) throws(ResearchError) -> String {
        if let line = registry.split(separator: "\n").first(where: { $0.contains("{id: \(id),") }) {
            throw ResearchError(line.contains("stage: retired")
                ? "\(id) is retired in the registry: promote it under a new id (its history stays)" : "\(id) is already in the registry: demote it first")
        }
        var fields = ["id: \(id)", "strategy: \"\(strategy)\""]
        if let timeframe { fields.append("timeframe: \(timeframe)") }
        if let market { fields.append("market: \(market)") }
        fields += ["stage: \(stage)", "risk_weight: \(riskWeight.numberText)"]
        let line = "  - {\(fields.joined(separator: ", "))}  # \(note)"
        guard registry.contains("strategies:") else { throw ResearchError("the registry has no strategies: list") }
        return registry.hasSuffix("\n") ? registry + line + "\n" : registry + "\n" + line + "\n"
    }

    /// The registry with `id`'s stage set to `retired`.
    public static func retire(_ registry: String, id: String) throws(ResearchError) -> String {
        var found = false
        let lines = registry.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.contains("{id: \(id),") else { return String(line) }
            found = true
            return line.replacingOccurrences(of: #"stage: [a-z]+"#, with: "stage: retired", options: .regularExpression)
        }
        guard found else { throw ResearchError("\(id) is not in the registry") }
        return lines.joined(separator: "\n")
    }

    /// The enable map with `strategy` (on `timeframe`) enabled in each of `regimes` of its
    /// `defaults:`, each line marked with `id`.
    public static func enable(_ map: String, id: String, strategy: String, timeframe: String?, regimes: [String]) throws(ResearchError) -> String {
        var lines = map.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let defaults = lines.firstIndex(where: { $0.hasPrefix("defaults:") }) else { throw ResearchError("the enable map has no defaults: section") }
        let item = "    - {strategy: \"\(strategy)\"\(timeframe.map { ", timeframe: \($0)" } ?? "")}  \(mark(id))"
        for regime in regimes {
            guard let at = lines[(defaults + 1)...].prefix(while: { $0.isEmpty || $0.hasPrefix(" ") || $0.hasPrefix("#") })
                .firstIndex(where: { $0.hasPrefix("  \(regime):") })
            else { throw ResearchError("the enable map's defaults have no regime '\(regime)'") }
            let rest = lines[at].dropFirst("  \(regime):".count).trimmingCharacters(in: .whitespaces)
            if rest.hasPrefix("[]") {
                lines[at] = "  \(regime):"
            } else if !rest.isEmpty && !rest.hasPrefix("#") {
                throw ResearchError("the enable map's defaults.\(regime) is written inline ('\(rest)'): write it as a list to promote into it")
            }
            lines.insert(item, at: at + 1)
        }
        return lines.joined(separator: "\n")
    }

    /// The enable map without the lines a promotion of `id` added (an emptied regime becomes `[]`).
    public static func disable(_ map: String, id: String) -> String {
        var lines = map.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { $0.hasSuffix(mark(id)) }
        for (index, line) in lines.enumerated() where line.hasPrefix("  ") && !line.hasPrefix("   ") && line.hasSuffix(":") {
            let next = lines.indices.contains(index + 1) ? lines[index + 1] : ""
            if !next.hasPrefix("    ") { lines[index] = line + " []" }
        }
        return lines.joined(separator: "\n")
    }
}
