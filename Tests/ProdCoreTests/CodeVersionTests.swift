import Foundation
import Testing
@testable import ProdCore

/// The sandboxed runner names the commit a run was made with from the checkout's files alone.
struct CodeVersionTests {
    static func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aCloneAndAWorktreeBothNameTheirCommit() throws {
        let root = try TestSupport.temporaryFolder()
        try Self.write("ref: refs/heads/main\n", root + "/main/.git/HEAD")
        try Self.write("1234567890abcdef\n", root + "/main/.git/refs/heads/main")
        #expect(CodeVersion.headCommit(in: root + "/main") == "1234567")
        // `git worktree add ../feature feature`: .git is a file; the branch lives in the common folder.
        try Self.write("gitdir: \(root)/main/.git/worktrees/feature\n", root + "/feature/.git")
        try Self.write("ref: refs/heads/feature\n", root + "/main/.git/worktrees/feature/HEAD")
        try Self.write("../..\n", root + "/main/.git/worktrees/feature/commondir")
        try Self.write("fedcba9876543210\n", root + "/main/.git/refs/heads/feature")
        #expect(CodeVersion.headCommit(in: root + "/feature") == "fedcba9")
        // A branch only in packed-refs.
        try Self.write("# pack-refs\nabcdef0123456789 refs/heads/packed\n", root + "/main/.git/packed-refs")
        try Self.write("ref: refs/heads/packed\n", root + "/main/.git/worktrees/feature/HEAD")
        #expect(CodeVersion.headCommit(in: root + "/feature") == "abcdef0")
        #expect(CodeVersion.headCommit(in: root) == nil)
    }
}
