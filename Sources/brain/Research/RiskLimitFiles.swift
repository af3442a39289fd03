import ArgumentParser
import BrainOrchestrator
import ProdCore

/// Where Monte Carlo reads the limits it measures against: the Monitor's halt level and the
/// governor's daily loss limit.
struct RiskLimitFiles: ParsableArguments {
    @Option(name: .customLong("brain-config"), help: "Where the Monitor's halt level is read from.")
    var brainConfig = "configs/brain.yaml"

    @Option(help: "Where the governor's daily loss limit is read from.")
    var governance = "configs/governance.yaml"

    /// (halt drawdown, daily loss limit) as fractions.
    func limits() throws -> (haltDrawdown: Double, dailyLossLimit: Double) {
        (try BrainConfig.load(from: brainConfig).health.haltDrawdown, try GovernanceLimits.load(from: governance).maxDailyLoss.doubleValue)
    }
}
