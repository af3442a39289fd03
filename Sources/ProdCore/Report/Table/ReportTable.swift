/// A table of a run report, written as Parquet and as CSV from the same columns.
public struct ReportTable: Sendable {
    public let name: String
    public let columns: [ReportColumn]

    public init(name: String, columns: [ReportColumn]) {
        precondition(Set(columns.map(\.values.count)).count <= 1, "\(name): columns of different lengths")
        self.name = name
        self.columns = columns
    }

    public var rowCount: Int { columns.first?.values.count ?? 0 }
}

/// One column; `nil` values make it optional (nullable) in Parquet and empty in CSV.
public struct ReportColumn: Sendable {
    public enum Values: Sendable {
        case int64([Int64?])
        case double([Double?])
        /// Exact fixed-point values (× 10^8): DOUBLE in Parquet, the exact decimal in CSV.
        case decimal([Int64?])
        case string([String?])
        /// UTC epoch milliseconds: a timestamp in Parquet, ISO 8601 in CSV.
        case timestamp([Int64?])

        public var count: Int {
            switch self {
            case .int64(let values), .decimal(let values), .timestamp(let values): values.count
            case .double(let values): values.count
            case .string(let values): values.count
            }
        }

        var hasNulls: Bool {
            switch self {
            case .int64(let values), .decimal(let values), .timestamp(let values): values.contains(nil)
            case .double(let values): values.contains(nil)
            case .string(let values): values.contains(nil)
            }
        }
    }

    public let name: String
    public let values: Values
    /// Declared nullable even when no value is missing (a column that may be empty in other runs).
    public let isOptional: Bool

    public init(_ name: String, _ values: Values, optional: Bool = false) {
        self.name = name
        self.values = values
        isOptional = optional || values.hasNulls
    }
}
