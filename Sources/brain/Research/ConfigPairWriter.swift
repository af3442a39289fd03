import Foundation
import ProdCore

/// Writes the registry and the enable map together, both or neither, keeping the versions they
/// replace. The previous files and an intent (the new contents) go to
/// `configs/history/<stamp>_<action>_<id>/` first; each new file is written beside its target and
/// renamed over it; the intent is removed last. A crash between the two renames leaves the intent:
/// the next `brain research promote` or `demote` finishes it before anything else
/// (`finishInterrupted`), so the pair is never left half changed.
enum ConfigPairWriter {
    struct Intent: Codable {
        var files: [String: String]
    }

    static func write(_ files: [(path: String, text: String)], history: String, label: String) throws -> String {
        let folder = "\(history)/\(RunStamp.compact(milliseconds: true))_\(label)"
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in files {
            try manager.copyItem(atPath: file.path, toPath: "\(folder)/\(URL(fileURLWithPath: file.path).lastPathComponent)")
        }
        let intent = "\(folder)/intent.json"
        try JSONEncoder().encode(Intent(files: Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.text) }))).write(to: URL(fileURLWithPath: intent))
        try apply(files)
        try manager.removeItem(atPath: intent)
        return folder
    }

    /// Completes a pair write a crash interrupted; returns the folders it finished.
    static func finishInterrupted(history: String) throws -> [String] {
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: history)) ?? []).sorted()
        var finished: [String] = []
        for folder in folders where FileManager.default.fileExists(atPath: "\(history)/\(folder)/intent.json") {
            let intent = try JSONDecoder().decode(Intent.self, from: Data(contentsOf: URL(fileURLWithPath: "\(history)/\(folder)/intent.json")))
            try apply(intent.files.map { ($0.key, $0.value) })
            try FileManager.default.removeItem(atPath: "\(history)/\(folder)/intent.json")
            finished.append("\(history)/\(folder)")
        }
        return finished
    }

    private static func apply(_ files: [(path: String, text: String)]) throws {
        for file in files {
            let temporary = file.path + ".promoting"
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: temporary))
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, file.path) == 0 else { throw CLIError("cannot replace \(file.path): \(String(cString: strerror(errno)))") }
        }
    }
}
