import ArgumentParser

struct ResearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "research",
        abstract: "The research lab: parameter sweeps of a candidate strategy on the backtest engine (docs/research.md).",
        subcommands: [SweepCommand.self, SweepMergeCommand.self, WalkForwardCommand.self, MonteCarloCommand.self, GateCommand.self, PromoteCommand.self, DemoteCommand.self, ResearchRunCommand.self, ResearchProposalsCommand.self, ReportCompareCommand.self])
}
