import ProdCore

/// `configs/maintenance.yaml`: what `brain maintenance` keeps.
struct MaintenanceSettings: Decodable, Equatable {
    static let defaultPath = "configs/maintenance.yaml"

    struct BarRows: Decodable, Equatable {
        var runs: Int
        var days: Int
    }

    struct Reports: Decodable, Equatable {
        var keep_days: Int?
    }

    struct Logs: Decodable, Equatable {
        var keep_days: Int
        var max_megabytes: Int
    }

    var keep_bar_rows: BarRows
    var reports: Reports
    var logs: Logs

    static func load(_ path: String) throws -> MaintenanceSettings {
        let settings = try YAMLConfigLoader.load(MaintenanceSettings.self, from: path)
        let counts: [(String, Int?)] = [
            ("keep_bar_rows.runs", settings.keep_bar_rows.runs), ("keep_bar_rows.days", settings.keep_bar_rows.days),
            ("reports.keep_days", settings.reports.keep_days), ("logs.keep_days", settings.logs.keep_days),
            ("logs.max_megabytes", settings.logs.max_megabytes),
        ]
        for (field, value) in counts {
            if let value, !(0...100_000).contains(value) {
                throw ConfigError(file: path, field: field, reason: "expected a whole number from 0 to 100000, got \(value)")
            }
        }
        return settings
    }

    var policy: RunRetention.Policy { .init(keepRuns: keep_bar_rows.runs, keepDays: keep_bar_rows.days) }
}
