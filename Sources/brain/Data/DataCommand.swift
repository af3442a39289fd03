import ArgumentParser

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Check, import and compute indicators on Binance Vision kline files.",
        subcommands: [DataCheckCommand.self, DataImportCommand.self, DataIndicatorsCommand.self])
}
