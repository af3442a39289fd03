/// A problem in one row of a data file, located by file, line and field.
public struct RowProblem: Equatable, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based line number in the CSV (inside the zip for archives).
    public let line: Int
    /// Column name, such as `high`, or `nil` when the row as a whole is wrong.
    public let field: String?
    public let reason: String

    public init(file: String, line: Int, field: String?, reason: String) {
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
    }

    public var description: String {
        "\(file):\(line): " + (field.map { "field '\($0)': " } ?? "") + reason
    }
}

/// Why market data could not be read.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileNotFound(String)
    /// The file is not named or placed the way Binance Vision publishes klines.
    case unrecognizedFile(String, reason: String)
    /// The zip is truncated, corrupt, or does not hold exactly one CSV.
    case badArchive(String, reason: String)
    case unreadable(String, reason: String)
    case malformedRow(RowProblem)

    public var description: String {
        switch self {
        case .fileNotFound(let path): "\(path): no such file or directory"
        case .unrecognizedFile(let path, let reason): "\(path): \(reason)"
        case .badArchive(let path, let reason): "\(path): bad zip archive: \(reason)"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .malformedRow(let problem): problem.description
        }
    }
}
