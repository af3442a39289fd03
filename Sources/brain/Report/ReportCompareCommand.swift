import ArgumentParser
import Foundation
import ProdCore

struct ReportCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "Put two runs' key numbers side by side, with B − A, and say whether their digests agree.")

    @Argument(help: "Run A (brain report list).")
    var first: Int64

    @Argument(help: "Run B.")
    var second: Int64

    @OptionGroup var database: ReportDatabaseOption

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let store = try database.store()
        let a = RunHeadline.rows(try RunReport.load(store, run: first))
        let b = RunHeadline.rows(try RunReport.load(store, run: second))
        let sameDigest = a.first { $0.label == "Digest" }?.text == b.first { $0.label == "Digest" }?.text
        if json {
            let rows = zip(a, b).map { left, right -> [String: Any] in
                var row: [String: Any] = ["metric": left.label, "a": left.text, "b": right.text]
                if let x = left.value, let y = right.value { row["b_minus_a"] = y - x }
                return row
            }
            let object: [String: Any] = ["a": first, "b": second, "same_digest": sameDigest, "rows": rows]
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            return
        }
        print("| Metric | Run \(first) | Run \(second) | B − A |")
        print("|---|---|---|---|")
        for (left, right) in zip(a, b) {
            let difference = left.value.flatMap { x in right.value.map { String(format: "%+.6g", $0 - x) } } ?? ""
            print("| \(left.label) | \(left.text) | \(right.text) | \(difference) |")
        }
        print(sameDigest ? "\nsame digest: the two runs computed the same thing" : "\ndigests differ")
    }
}
