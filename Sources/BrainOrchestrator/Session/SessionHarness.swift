import ProdCore

/// What a test harness does to a session at its decision points (the e2e scenarios: edit the
/// enable map, leave the runner without answers, kill it). A session a user starts has none; the
/// harness is installed through `BrainSession.Options.harness`, so none of it is brain behaviour.
public protocol SessionHarness: AnyObject, Sendable {
    /// Before decision point `number` (from 0) is decided.
    func willDecide(_ number: Int, enableMap: EnableMapWatcher, log: EventLog) throws
    /// Whether decision point `number` stays unanswered; the brain's heartbeats stop meanwhile.
    func isSilent(at number: Int) -> Bool
    /// After decision point `number` was answered; `runner` is the runner's pid.
    func didAnswer(_ number: Int, runner: Int32?, log: EventLog)
}
