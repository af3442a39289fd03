import ArgumentParser
import ProdCore

struct ResearchProposalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "proposals", abstract: "The ResearchAgent's proposals, newest first.")

    @Option(help: "The database (default: the runner config's).")
    var db: String?

    @Option(name: .customLong("runner-config"), help: "The runner settings naming the database.")
    var runnerConfig = "configs/runner.yaml"

    func run() throws {
        let store = RunStore(database: try CruptoDatabase(path: db ?? RunnerConfig.load(from: runnerConfig).database))
        let proposals = try store.proposals()
        if proposals.isEmpty { print("no proposals yet (brain research run makes some)") }
        for proposal in proposals { print(proposal.line) }
    }
}
