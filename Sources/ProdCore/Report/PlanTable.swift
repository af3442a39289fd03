/// The plans of a run as a table people read: one row per change of what the plan does
/// (strategies, sizing, exits, verdict), with how many plans in a row repeated it. The brain's
/// `source` carries its reading of the market (`brain#7 BTCUSDT=range | on=range_rev_5m | …`): the
/// regimes and the rest of its reason are shown apart. The full canonical text of every plan is in
/// plans.parquet / plans.csv.
enum PlanTable {
    struct Row: Equatable {
        let time: String
        let regimes: String
        let strategies: String
        let sizing: String
        let reason: String
        let verdict: String
        var repeats = 1
    }

    static func rows(_ plans: [PlanRecord]) -> [Row] {
        var rows: [Row] = []
        var lastEffect: String?
        for plan in plans {
            let fields = fields(of: plan.text)
            let verdict = plan.applied ? "applied" : "rejected: " + plan.reasons.joined(separator: "; ")
            let effect = [fields.entries, fields.sizing, fields.exits, verdict].joined(separator: "\u{1F}")
            if effect == lastEffect, !rows.isEmpty {
                rows[rows.count - 1].repeats += 1
                continue
            }
            lastEffect = effect
            let parts = plan.source.components(separatedBy: " | ")
            let head = parts.first ?? plan.source
            let regimes = head.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            rows.append(Row(
                time: plan.time.map(UTCTimestamp.iso8601) ?? "start", regimes: regimes.isEmpty ? "—" : regimes,
                strategies: fields.entries.isEmpty ? "none" : fields.entries, sizing: fields.sizing,
                reason: parts.count > 1 ? parts.dropFirst().joined(separator: "; ") : head, verdict: verdict))
        }
        return rows
    }

    static func markdown(_ plans: [PlanRecord]) -> [String] {
        let rows = rows(plans)
        var lines = [
            "## Plans", "",
            "\(plans.count) plans; a row per change of strategies, sizing, exits or verdict (the full text of each plan: plans.csv).", "",
            "| From | Plans | Regimes | Strategies | Sizing | Reason | Verdict |", "|---|---|---|---|---|---|---|",
        ]
        lines += rows.map { row in
            "| \(row.time) | \(row.repeats) | \(cell(row.regimes)) | \(cell(row.strategies)) | \(cell(row.sizing)) | \(cell(row.reason)) | \(cell(row.verdict)) |"
        }
        return lines + [""]
    }

    /// A table cell: the table's own separator escaped.
    private static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    /// The strategies (`entry=` tokens, parameters dropped), sizing and exits of a canonical plan text.
    private static func fields(of text: String) -> (entries: String, sizing: String, exits: String) {
        var entries: [String] = []
        var sizing = ""
        var exits = ""
        for token in text.split(separator: " ") {
            if token.hasPrefix("entry=") {
                // range_rev_5m:adx_max=20,…@BTCUSDT:spot:5m → range_rev_5m@BTCUSDT:spot:5m
                let entry = token.dropFirst("entry=".count)
                let name = entry.prefix { $0 != ":" && $0 != "@" }
                let target = entry.split(separator: "@", maxSplits: 1).dropFirst().first.map { "@" + $0 } ?? ""
                entries.append(name + target)
            } else if token.hasPrefix("sizing=") {
                sizing = String(token.dropFirst("sizing=".count))
            } else if token.hasPrefix("exits=") {
                exits = String(token.dropFirst("exits=".count))
            }
        }
        return (entries.joined(separator: ", "), sizing, exits)
    }
}
