import ProdCore
import Yams

/// YAML read as nodes, so that errors about what a value *means* point at its line and column too.
enum YAMLNodes {
    static func compose(_ text: String, file: String) throws(ConfigError) -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else { throw ConfigError(file: file, reason: "file is empty") }
            return node
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw ConfigError(file: file, line: mark.line, column: mark.column, reason: "invalid YAML: \(problem)")
            default:
                throw ConfigError(file: file, reason: "invalid YAML: \(error)")
            }
        } catch {
            throw ConfigError(file: file, reason: "invalid YAML: \(error)")
        }
    }
}

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
