import Foundation

/// Files the CLI writes for the user.
enum OutputFile {
    /// Writes `text` to `path` atomically: a failed write leaves no partial file.
    static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CLIError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
