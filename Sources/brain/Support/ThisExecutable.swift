import Foundation

/// This `brain` executable and the programs installed beside it.
enum ThisExecutable {
    /// `name` in the folder of this `brain` executable, however it was started (through PATH,
    /// a symlink or a relative path): Linux names the running executable in /proc/self/exe.
    static func sibling(_ name: String) -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .map { URL(fileURLWithPath: $0) } ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return me.deletingLastPathComponent().appendingPathComponent(name).path
    }
}
