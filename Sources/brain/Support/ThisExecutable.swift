import Foundation

/// This `brain` executable and the programs installed beside it.
enum ThisExecutable {
    /// This executable, however it was started (through PATH, a symlink or a relative path):
    /// Linux names the running executable in /proc/self/exe.
    static var path: String {
        ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()).path
    }

    /// `name` in the folder of this `brain` executable.
    static func sibling(_ name: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(name).path
    }
}
