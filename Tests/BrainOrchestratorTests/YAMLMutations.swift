import ProdCore

/// `count` seeded mutations of `text` for parser fuzzing: 1–4 edits each, a byte replaced by a
/// printable one, removed, or one of YAML's structural characters inserted.
func yamlMutations(of text: String, count: Int, seed: UInt64) -> [String] {
    var generator = SeededGenerator(seed: seed)
    let bytes = Array(text.utf8)
    return (0..<count).map { _ in
        var mutated = bytes
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let index = Int.random(in: 0..<mutated.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: mutated[index] = UInt8.random(in: 0x20...0x7e, using: &generator)
            case 1: mutated.remove(at: index)
            default: mutated.insert(Array(":-[]{}#\n ,").randomElement(using: &generator)!.asciiValue!, at: index)
            }
        }
        return String(decoding: mutated, as: UTF8.self)
    }
}
