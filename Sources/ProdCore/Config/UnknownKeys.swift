import Yams

/// Finds keys in a YAML document that the decoded type has no field for. The known keys at each
/// level are the stored properties of the decoded value (the configuration file types name
/// their properties as the file's keys), so an optional setting left out is still known.
enum UnknownKeys {
    static func check(_ node: Node, against value: Any, file: String) throws(ConfigError) {
        if let error = firstUnknown(node, value: value, path: [], file: file) { throw error }
    }

    private static func firstUnknown(_ node: Node, value: Any, path: [String], file: String) -> ConfigError? {
        let mirror = Mirror(reflecting: value)
        switch (node, mirror.displayStyle) {
        case (_, .optional):
            return mirror.children.first.flatMap { firstUnknown(node, value: $0.value, path: path, file: file) }
        case (.mapping(let mapping), .struct), (.mapping(let mapping), .class):
            let fields = Dictionary(mirror.children.compactMap { child in child.label.map { ($0, child.value) } }, uniquingKeysWith: { a, _ in a })
            for (key, child) in mapping {
                guard let name = key.string else { continue }
                guard let field = fields[name] else {
                    let known = fields.keys.sorted()
                    let suggestion = nearest(name, among: known).map { " (did you mean \($0)?)" } ?? ""
                    return ConfigError(
                        file: file, line: key.mark?.line, column: key.mark?.column, field: (path + [name]).joined(separator: "."),
                        reason: "unknown key\(suggestion); known keys here: \(known.joined(separator: ", "))")
                }
                if let error = firstUnknown(child, value: field, path: path + [name], file: file) { return error }
            }
        case (.sequence(let sequence), .collection):
            for (index, (child, element)) in zip(sequence, mirror.children.map(\.value)).enumerated() {
                // `instruments[2]`: the index joins the name of the list.
                let indexed = path.dropLast() + [(path.last ?? "") + "[\(index)]"]
                if let error = firstUnknown(child, value: element, path: Array(indexed), file: file) { return error }
            }
        default:
            // Scalars, and maps whose keys are data (dictionaries): nothing to check by name.
            break
        }
        return nil
    }

    /// The known key closest to `name` by edit distance, if it is close enough to be a typo.
    static func nearest(_ name: String, among keys: [String]) -> String? {
        var best: (key: String, score: Int)?
        for key in keys {
            let score = distance(Array(name), Array(key))
            if best == nil || score < best!.score { best = (key, score) }
        }
        guard let best, best.score <= max(2, name.count / 3) else { return nil }
        return best.key
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                let substitution = previous[j] + (x == y ? 0 : 1)
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}
