import Foundation
import ProdCore
import Testing

/// Another program holds the metrics ports: the configured ones are a one-line warning each and
/// the run goes on; a port asked for on the command line is a one-line error.
@Suite(.serialized) struct BusyMetricsPortTests {
    /// Listens on 127.0.0.1:`port` until released; `nil` when something else holds it already
    /// (then it is busy all the same).
    final class PortHolder {
        private let descriptor: Int32

        init?(_ port: UInt16) {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0, listen(descriptor, 1) == 0 else {
                close(descriptor)
                return nil
            }
        }

        deinit { close(descriptor) }
    }

    @Test func busyConfiguredPortsAreWarningsAndTheRunGoesOn() throws {
        let holders = [PortHolder(9463), PortHolder(9464)]
        defer { withExtendedLifetime(holders) {} }
        let folder = try BrainProcess.temporaryFolder()
        let result = try BrainProcess.run([
            "start", "--from", "2023-02-01", "--to", "2023-02-03", "--db", folder + "/crupto.db", "--reports", folder + "/reports",
            "--socket", folder + "/run/prodcore.sock",
        ])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("run 1 finished"))
        for (port, file) in [(9463, "configs/brain.yaml"), (9464, "configs/runner.yaml")] {
            let warning = "metrics port \(port) (metrics_port in \(file)) cannot be served: cannot serve metrics on 127.0.0.1:\(port): address already in use"
            #expect(result.errors.contains(warning), "\(result.errors)")
        }
    }

    @Test func aBusyPortGivenOnTheCommandLineIsAOneLineError() throws {
        let holder = PortHolder(9464)
        defer { withExtendedLifetime(holder) {} }
        let folder = try BrainProcess.temporaryFolder()
        let result = try BrainProcess.run([
            "start", "--from", "2023-02-01", "--to", "2023-02-03", "--db", folder + "/crupto.db", "--reports", folder + "/reports",
            "--socket", folder + "/run/prodcore.sock", "--metrics-port", "0", "--runner-metrics-port", "9464",
        ])
        #expect(result.status == 1)
        let lines = result.errors.split(separator: "\n").filter { !$0.hasPrefix("progress") }
        #expect(lines.last == "Error: prodcore-runner exited 1 before listening: cannot serve metrics on 127.0.0.1:9464: address already in use", "\(result.errors)")
        let database = folder + "/crupto.db"
        let runs = FileManager.default.fileExists(atPath: database) ? try RunStore(database: CruptoDatabase(path: database)).runs() : []
        #expect(runs.isEmpty, "a run that could not start leaves no row")
    }
}

