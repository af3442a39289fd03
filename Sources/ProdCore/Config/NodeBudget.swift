import Yams

/// Bounds the work a YAML document can cause. An alias bomb (anchors that reference anchors,
/// nine levels of ten) is a 1 KiB file that expands to a billion values when decoded or walked;
/// deep nesting can exhaust the stack of a recursive reader. Both are refused with the line
/// where the limit was reached, before anything reads the document.
struct NodeBudget {
    let file: String
    let maxNodes: Int
    let maxDepth: Int
    private var visited = 0

    init(file: String, maxNodes: Int, maxDepth: Int) {
        self.file = file
        self.maxNodes = maxNodes
        self.maxDepth = maxDepth
    }

    /// Walks `node` as a reader would (an alias counts each time it is used) and stops at the limits.
    mutating func visit(_ node: Node, depth: Int) throws(ConfigError) {
        visited += 1
        guard visited <= maxNodes else {
            throw error(node, "the document expands to more than \(maxNodes) values (aliases that reference aliases?)")
        }
        guard depth <= maxDepth else { throw error(node, "nested deeper than \(maxDepth) levels") }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                try visit(key, depth: depth + 1)
                try visit(value, depth: depth + 1)
            }
        case .sequence(let sequence):
            for element in sequence { try visit(element, depth: depth + 1) }
        default:
            break
        }
    }

    private func error(_ node: Node, _ reason: String) -> ConfigError {
        ConfigError(file: file, line: node.mark?.line, column: node.mark?.column, reason: reason)
    }

    /// Flow nesting (`[[[…]]]`, `{{…}}`) counted in the text, before the YAML library composes
    /// it recursively: outside quotes and comments, each `[` or `{` opens a level.
    static func checkNesting(_ text: String, file: String, maxDepth: Int) throws(ConfigError) {
        var depth = 0, line = 1, quote: UInt8?, comment = false
        var previous: UInt8 = 0x0A
        for byte in text.utf8 {
            defer { previous = byte }
            if byte == 0x0A {
                line += 1
                comment = false
                continue
            }
            if comment { continue }
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
            case UInt8(ascii: "#") where previous == 0x20 || previous == 0x0A || previous == 0x09: comment = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                guard depth <= maxDepth else {
                    throw ConfigError(file: file, line: line, reason: "nested deeper than \(maxDepth) levels")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
        }
    }
}
