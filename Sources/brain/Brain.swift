import ArgumentParser

@main
struct Brain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brain",
        abstract: "Crupto: autonomous paper trading for crypto, driven by a brain of agents.",
        subcommands: [DataCommand.self, BacktestCommand.self, ReportCommand.self, RegimeCommand.self, StartCommand.self, E2ECommand.self, StatusCommand.self, StopCommand.self, MaintenanceCommand.self, FakeExchangeCommand.self, ResearchCommand.self])
}
