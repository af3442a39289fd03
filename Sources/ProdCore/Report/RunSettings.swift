/// How a run was asked for: the command-line arguments and the folder they were given in, so
/// that it can be resumed or reproduced with the same relative paths.
public struct RunSettings: Codable, Equatable, Sendable {
    public let arguments: [String]
    public let directory: String

    public init(arguments: [String], directory: String) {
        self.arguments = arguments
        self.directory = directory
    }
}
