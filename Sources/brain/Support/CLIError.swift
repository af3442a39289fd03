/// A runtime failure the CLI reports in one plain line before exiting 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
