/// A configuration file that cannot be used, with the place in it that is wrong.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based line of the offending YAML node, when known.
    public let line: Int?
    public let column: Int?
    /// Dotted path of the offending field, such as `instruments[2].tick_size`.
    public let field: String?
    public let reason: String

    /// The longest reason kept: a reason quotes the bad value, and a 50 MB value must not come
    /// back as a 50 MB error message.
    public static let maxReason = 500

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.reason = reason.count > Self.maxReason ? reason.prefix(Self.maxReason) + "… (\(reason.count) characters)" : reason
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        if let field { place += ": \(field)" }
        return "\(place): \(reason)"
    }
}
