import Foundation
import ProdCore

/// A research result folder `reports/<kind>_<UTC stamp>_<id>[suffix]/`, built under a temporary
/// name and renamed when complete (a crash or a full disk never leaves half a result).
enum ResearchFolder {
    static func write(kind: String, id: String, suffix: String = "", files: [(name: String, data: Data)], reports: String) throws -> String {
        let folder = "\(reports)/\(kind)_\(RunStamp.compact())_\(id)\(suffix)"
        let partial = folder + ".partial"
        let manager = FileManager.default
        do {
            try? manager.removeItem(atPath: partial)
            try manager.createDirectory(atPath: partial, withIntermediateDirectories: true)
            for file in files { try file.data.write(to: URL(fileURLWithPath: "\(partial)/\(file.name)")) }
            try? manager.removeItem(atPath: folder)
            try manager.moveItem(atPath: partial, toPath: folder)
        } catch {
            try? manager.removeItem(atPath: partial)
            throw CLIError("cannot write \(folder): \(error.localizedDescription)")
        }
        return folder
    }

    /// Keys sorted, numbers as Swift prints them: equal results are equal bytes.
    static func json(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
