import ProdCore
import Yams

/// Checks the shape of nodes and makes errors that name the file, the node's place and the field.
struct NodeReader {
    let file: String

    func error(_ node: Node, field: String?, _ reason: String) -> ConfigError {
        ConfigError(file: file, line: node.mark?.line, column: node.mark?.column, field: field, reason: reason)
    }

    /// The node's keys and values, in file order; a key outside `allowed` or repeated is an error.
    func mapping(_ node: Node, field: String?, allowed: Set<String>) throws(ConfigError) -> [(String, Node)] {
        guard let mapping = node.mapping else { throw error(node, field: field, "expected a mapping") }
        var seen: Set<String> = []
        var result: [(String, Node)] = []
        for (key, value) in mapping {
            let name = key.string ?? ""
            let place = field.map { "\($0).\(name)" } ?? name
            guard allowed.contains(name) else {
                throw error(key, field: place, "unknown key '\(name)' (expected \(allowed.sorted().joined(separator: ", ")))")
            }
            guard seen.insert(name).inserted else { throw error(key, field: place, "'\(name)' is given twice") }
            result.append((name, value))
        }
        return result
    }
}

extension Array where Element == (String, Node) {
    subscript(key: String) -> Node? { first { $0.0 == key }?.1 }
}

extension Node {
    /// `key:` with nothing after it, `~` or `null`.
    var isEmptyValue: Bool {
        guard let scalar else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }
}
