import Foundation

/// Runs `brain research promote` as its own process on a scenario's files, as a user runs it
/// beside `brain start`: the registry and the enable map change together and the audit row goes
/// into the run's database. The session waits for it, so the change applies at the decision
/// point the scenario names.
public struct ScenarioPromoter: Sendable {
    public var brainExecutable: String
    public var registry: String
    public var enableMap: String
    public var history: String
    public var reports: String
    public var database: String

    func promote(_ promotion: ScenarioPromotion) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: brainExecutable)
        process.arguments = [
            "research", "promote", promotion.candidate, "--regimes", promotion.regimes.joined(separator: ","), "--override", promotion.override,
            "--registry", registry, "--enable-map", enableMap, "--history", history, "--reports", reports, "--db", database,
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw BrainError("cannot start \(brainExecutable) research promote: \(error.localizedDescription)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BrainError("brain research promote \(promotion.candidate) exited \(process.terminationStatus): \(String(decoding: message, as: UTF8.self).suffix(1500))")
        }
    }
}
