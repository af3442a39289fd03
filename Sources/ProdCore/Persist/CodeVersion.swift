import Foundation

/// The code a run was made with: `git describe --always --dirty` of the working folder, or
/// `unknown` outside a git checkout (`CRUPTO_CODE_VERSION` overrides both).
public enum CodeVersion {
    public static var current: String {
        if let version = ProcessInfo.processInfo.environment["CRUPTO_CODE_VERSION"] { return version }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "describe", "--always", "--dirty"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "unknown" }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let version = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !version.isEmpty ? version : "unknown"
    }
}

extension CodeVersion {
    /// For a process that must not spawn one (the sandboxed runner): `CRUPTO_CODE_VERSION`, else
    /// the commit `.git/HEAD` names (without the `-dirty` mark git describe would add), else `unknown`.
    public static var withoutSpawning: String {
        if let version = ProcessInfo.processInfo.environment["CRUPTO_CODE_VERSION"] { return version }
        return headCommit(in: FileManager.default.currentDirectoryPath) ?? "unknown"
    }

    /// The short commit of the checkout at `folder`, read from its files: a plain clone (`.git` a
    /// folder) or a `git worktree` (`.git` a file naming its own git folder, whose `commondir`
    /// holds the branches).
    static func headCommit(in folder: String) -> String? {
        func read(_ path: String) -> String? {
            (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var gitFolder = folder + "/.git"
        if let link = read(gitFolder), link.hasPrefix("gitdir: ") {
            let target = String(link.dropFirst("gitdir: ".count))
            gitFolder = target.hasPrefix("/") ? target : folder + "/" + target
        }
        let common = read(gitFolder + "/commondir").map { $0.hasPrefix("/") ? $0 : gitFolder + "/" + $0 } ?? gitFolder
        guard let head = read(gitFolder + "/HEAD") else { return nil }
        guard head.hasPrefix("ref: ") else { return String(head.prefix(7)) }
        let ref = String(head.dropFirst(5))
        if let commit = read(gitFolder + "/" + ref) ?? read(common + "/" + ref) { return String(commit.prefix(7)) }
        let packed = read(common + "/packed-refs")?.split(separator: "\n").first { $0.hasSuffix(" " + ref) }
        return packed.map { String($0.prefix(7)) }
    }
}
