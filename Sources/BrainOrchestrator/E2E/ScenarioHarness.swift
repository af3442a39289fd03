import Foundation
import ProdCore

/// A scenario's actions, done to a live session: the enable map rewritten before a decision point
/// (as an editor writes it, atomically), a candidate promoted by a real `brain research promote`
/// process, decision points left unanswered, and the runner killed with SIGKILL after one, so the
/// brain learns of it as of any crash.
public final class ScenarioHarness: SessionHarness, @unchecked Sendable {
    public let actions: ScenarioActions
    private let promoter: ScenarioPromoter?
    private let lock = NSLock()
    private var killsDone: Set<Int> = []

    public init(_ actions: ScenarioActions, promoter: ScenarioPromoter? = nil) {
        self.actions = actions
        self.promoter = promoter
    }

    public func willDecide(_ number: Int, enableMap: EnableMapWatcher, log: EventLog) throws {
        if let text = actions.enableMapEdits[number] {
            log("scenario_map_edit", "editing \(enableMap.path) before decision \(number), as asked")
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: enableMap.path), options: .atomic)
            } catch {
                throw BrainError("cannot edit \(enableMap.path): \(error.localizedDescription)")
            }
        } else if let promotion = actions.promotions[number] {
            guard let promoter else { throw BrainError("a scenario promotion needs the brain executable to run `brain research promote`") }
            log("scenario_promote", "promoting \(promotion.candidate) before decision \(number), as asked")
            try promoter.promote(promotion)
        } else {
            return
        }
        // The scenario says the change applies at this decision point: read it now, not within 250 ms.
        enableMap.poll()
    }

    public func isSilent(at number: Int) -> Bool { actions.isSilent(at: number) }

    public func didAnswer(_ number: Int, runner: Int32?, log: EventLog) {
        guard actions.killRunnerAfter.contains(number), let runner, lock.withLock({ killsDone.insert(number).inserted }) else { return }
        log("scenario_kill", "killing the runner (pid \(runner)) after decision \(number), as asked")
        kill(runner, SIGKILL)
    }
}
