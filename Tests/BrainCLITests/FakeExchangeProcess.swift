import Foundation

/// `brain fake-exchange` as its own process, as a user starts it: the tests' fake Binance never
/// shares a thread pool with the test process (whose blocking tests would starve it).
final class FakeExchangeProcess {
    let process = Process()
    /// The flags that point `brain start --feed live` at it.
    let feedFlags: [String]

    init(start: String, speed: Double, faults: String? = nil) throws {
        let folder = try BrainProcess.temporaryFolder()
        var arguments = ["fake-exchange", "--start", start, "--speed", String(speed)]
        if let faults {
            try faults.write(toFile: folder + "/faults.yaml", atomically: true, encoding: .utf8)
            arguments += ["--faults", folder + "/faults.yaml"]
        }
        process.executableURL = URL(fileURLWithPath: BrainProcess.executable)
        process.currentDirectoryURL = URL(fileURLWithPath: BrainProcess.repoRoot)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        // Its second line is the command to run against it.
        var text = ""
        while text.split(separator: "\n").count < 2 {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let lines = text.split(separator: "\n")
        guard lines.count >= 2, lines[1].hasPrefix("brain start --feed live ") else {
            process.terminate()
            throw FakeExchangeFailure(text: text)
        }
        feedFlags = lines[1].dropFirst("brain start --feed live ".count).split(separator: " ").map(String.init)
    }

    struct FakeExchangeFailure: Error { let text: String }

    /// SIGTERM, as Ctrl-C would: it stops serving and exits.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}
