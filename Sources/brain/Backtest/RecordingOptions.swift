import ArgumentParser
import ProdCore

/// Where and how `brain backtest` records its run.
struct RecordingOptions: ParsableArguments {
    @Option(help: "The database the run is recorded in.")
    var db = CruptoDatabase.defaultPath

    @Option(help: "Folder of the run reports.")
    var reports = "reports"

    @Flag(name: .customLong("no-record"), help: "Do not record the run or write a report (engine speed comparisons).")
    var noRecord = false

    @Option(help: "Continue the recorded run RUN_ID that stopped (crash, kill) from its last snapshot; other flags come from the run.")
    var resume: Int64?

    @Option(name: .customLong("batch-size"), help: "Inputs per committed batch.")
    var batchSize = 10_000

    @Option(name: .customLong("snapshot-every"), help: "Batches between engine snapshots.")
    var snapshotEvery = 20

    /// For crash tests: a pause after each committed batch, so a test can kill the process mid-run.
    @Option(name: .customLong("pause-after-batch-ms"), help: .hidden)
    var pauseAfterBatchMilliseconds = 0

    func validate() throws {
        guard (1...10_000_000).contains(batchSize) else { throw CLIError("--batch-size: expected 1...10000000, got \(batchSize)") }
        guard (1...1_000_000).contains(snapshotEvery) else { throw CLIError("--snapshot-every: expected 1...1000000, got \(snapshotEvery)") }
        guard pauseAfterBatchMilliseconds >= 0 else { throw CLIError("--pause-after-batch-ms: expected ≥ 0") }
    }
}
