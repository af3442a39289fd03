/// Property names as the wire spells them: `lastAppliedPlanId` ↔ `last_applied_plan_id`, by the
/// rule of Foundation's `convertToSnakeCase` (words split where lower case turns upper, and a run
/// of capitals is a word of its own: `myURLKey` → `my_url_key`), done on the name's bytes without
/// building words. ASCII letters only: a non-ASCII letter is neither upper nor lower case here.
enum JSONKeyCase {
    static func appendSnakeCase(_ name: String, to output: inout [UInt8]) {
        var name = name
        name.withUTF8 { appendSnakeCase($0, to: &output) }
    }

    static func snakeCase(_ name: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(name.utf8.count + 4)
        appendSnakeCase(name, to: &output)
        return output
    }

    /// Foundation's `convertFromSnakeCase`: `all_in` → `allIn`; leading and trailing underscores stay.
    static func camelCase(_ name: String) -> String {
        guard name.contains("_") else { return name }
        let core = name.drop { $0 == "_" }
        let leading = name.prefix(name.count - core.count)
        let body = core.reversed().drop { $0 == "_" }.reversed()
        let trailing = core.suffix(core.count - body.count)
        let words = String(body).split(separator: "_")
        guard let first = words.first else { return name }
        return leading + first + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined() + trailing
    }

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
    private static func isLower(_ byte: UInt8) -> Bool { byte >= 97 && byte <= 122 }
    private static func lowered(_ byte: UInt8) -> UInt8 { isUpper(byte) ? byte + 32 : byte }

    /// Foundation's word boundaries: after the first byte, each upper-case byte starts a word; in
    /// a run of capitals followed by a lower-case letter, the last capital starts the next word.
    private static func appendSnakeCase(_ name: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        let count = name.count
        guard count > 0 else { return }
        var search = 1
        output.append(lowered(name[0]))
        var written = 1
        func word(until end: Int) {
            while written < end {
                output.append(lowered(name[written]))
                written += 1
            }
        }
        while search < count {
            guard let upper = (search..<count).first(where: { isUpper(name[$0]) }) else { break }
            word(until: upper)
            guard let lower = (upper..<count).first(where: { isLower(name[$0]) }) else {
                output.append(UInt8(ascii: "_"))
                break
            }
            output.append(UInt8(ascii: "_"))
            if lower != upper + 1 {
                word(until: lower - 1)
                output.append(UInt8(ascii: "_"))
            }
            search = lower + 1
        }
        word(until: count)
    }
}
