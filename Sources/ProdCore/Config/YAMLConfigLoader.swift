import Foundation
import Yams

/// Decodes YAML configuration files, turning every failure into a `ConfigError`
/// that names the file, line, column and field.
public enum YAMLConfigLoader {
    /// Reads and decodes `path`.
    public static func load<T: Decodable>(_ type: T.Type, from path: String) throws(ConfigError) -> T {
        try decode(type, from: try read(path), file: path)
    }

    /// The most a configuration file may hold: ours are a few KiB; a larger one is a mistake or
    /// an attack, and is refused before it is read.
    public static let maxBytes = 1 << 20
    /// The most values a document may expand to (aliases included) and the deepest nesting.
    public static let maxNodes = 100_000
    public static let maxDepth = 64

    /// The text of `path`.
    public static func read(_ path: String) throws(ConfigError) -> String {
        if let size = fileSize(atPath: path), size > maxBytes {
            throw ConfigError(file: path, reason: "file is \(size) bytes; a configuration file may hold at most \(maxBytes)")
        }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, reason: "cannot read file: \(error.localizedDescription)")
        }
    }

    /// Decodes YAML `text`; `file` is only used in error messages. A key the type does not know
    /// is an error naming its line and the nearest known key: a typo (`metric_port`) must not
    /// silently leave a setting at its default.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String, file: String) throws(ConfigError) -> T {
        let node = try compose(text, file: file)
        do {
            let value = try YAMLDecoder().decode(type, from: node)
            try UnknownKeys.check(node, against: value, file: file)
            return value
        } catch let error as DecodingError {
            throw decodingError(error, root: node, file: file)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(file: file, reason: "\(error)")
        }
    }

    /// The node tree of YAML `text`, for readers that check meaning as well as shape and point at
    /// the line of a bad value; `file` is only used in error messages.
    public static func compose(_ text: String, file: String) throws(ConfigError) -> Node {
        guard text.utf8.count <= maxBytes else {
            throw ConfigError(file: file, reason: "\(text.utf8.count) bytes; a configuration file may hold at most \(maxBytes)")
        }
        try NodeBudget.checkNesting(text, file: file, maxDepth: maxDepth)
        do {
            guard let node = try Yams.compose(yaml: text) else { throw ConfigError(file: file, reason: "file is empty") }
            var budget = NodeBudget(file: file, maxNodes: maxNodes, maxDepth: maxDepth)
            try budget.visit(node, depth: 0)
            return node
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw ConfigError(file: file, reason: "invalid YAML: \(error)")
        }
    }

    private static func syntaxError(_ error: YamlError, file: String) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return ConfigError(file: file, line: mark.line, column: mark.column, reason: "invalid YAML: \(problem)")
        default:
            return ConfigError(file: file, reason: "invalid YAML: \(error)")
        }
    }

    private static func decodingError(_ error: DecodingError, root: Node, file: String) -> ConfigError {
        let (path, reason): ([CodingKey], String) = switch error {
        case .typeMismatch(let type, let context): (context.codingPath, "expected \(type): \(context.debugDescription)")
        case .valueNotFound(let type, let context): (context.codingPath, "missing \(type) value")
        case .keyNotFound(let key, let context): (context.codingPath + [key], "required field is missing")
        case .dataCorrupted(let context): (context.codingPath, context.debugDescription)
        @unknown default: ([], "\(error)")
        }
        let mark = deepestMark(root, path: path)
        return ConfigError(
            file: file, line: mark?.line, column: mark?.column,
            field: fieldPath(path), reason: reason)
    }

    /// Dotted path such as `instruments[2].tick_size`.
    public static func fieldPath(_ path: [CodingKey]) -> String? {
        guard !path.isEmpty else { return nil }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    /// The mark of the deepest node on `path` that exists (a missing key points at its parent).
    private static func deepestMark(_ root: Node, path: [CodingKey]) -> Mark? {
        var node = root
        for key in path {
            if let index = key.intValue, let sequence = node.sequence, index < sequence.count {
                node = sequence[index]
            } else if let child = node.mapping?[key.stringValue] {
                node = child
            } else {
                break
            }
        }
        return node.mark
    }
}
