import AgentTools
import ArgumentParser
import Foundation
import ProdCore

struct DemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demote",
        abstract: "Undo a promotion: the strategy retired in the registry and its enable-map lines removed, together, with an audit row.")

    @Argument(help: "The promoted candidate's id.")
    var id: String

    @Option(help: "Why (recorded).")
    var reason: String

    @OptionGroup var files: PromotionFiles

    func run() throws {
        try files.finishInterrupted()
        let (registryBefore, mapBefore) = try files.read()
        let registryAfter: String
        do { registryAfter = try PromotionEdit.retire(registryBefore, id: id) } catch { throw CLIError("\(error)") }
        let mapAfter = PromotionEdit.disable(mapBefore, id: id)
        try files.check(registry: registryAfter, enableMap: mapAfter)
        let history = try ConfigPairWriter.write([(files.registry, registryAfter), (files.enableMap, mapAfter)], history: files.history, label: "demote_\(id)")
        try files.store().recordPromotion(PromotionRecord(
            time: RunStamp.now(), action: "demote", candidate: id, gateReport: nil, gateSHA256: nil, overrideReason: reason,
            registryBefore: registryBefore, registryAfter: registryAfter, enableMapBefore: mapBefore, enableMapAfter: mapAfter))
        print("demoted \(id): retired in \(files.registry), its enable-map lines removed; previous files in \(history)")
    }
}
