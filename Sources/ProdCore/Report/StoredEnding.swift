extension RunnerMessage.Finished {
    /// The `finished` message of a run that ended, rebuilt from what is stored: for a brain whose
    /// runner was killed after it stored the end of the run but before the message went out.
    public init(stored report: RunReport, reportFolder: String) {
        let run = report.run
        self.init(
            runId: run.id, state: run.outcome == "stopped" ? .stopped : .finished, digest: run.digest ?? "",
            reportFolder: reportFolder, figures: report.metrics.figures, inputs: run.inputsDone)
    }
}
