import Crypto
import Foundation

/// The brain's messages: handshake, plans, controls, heartbeats and queries.
extension RunnerSession {
    /// Handles every event that arrives until `deadline` (`nil`: only those already queued).
    /// Returns early once a lockstep decision is answered.
    func drainInbox(until deadline: ContinuousClock.Instant?) {
        while let event = inbox.next(until: deadline) {
            if case .feedReady = event { return }
            handle(event)
            if stopRequested || (deadline != nil && pendingDecision == nil && pacing.mode == .lockstep) { return }
        }
    }

    private func handle(_ event: RunnerEvent) {
        switch event {
        case .connected:
            lastBrainContact = .now
        case .disconnected:
            brainLost()
        case .signal(let number):
            log("signal", "signal \(number): stopping", ["signal": "\(number)"])
            stopRequested = true
        case .feedReady:
            break
        case .message(let connection, let message):
            lastBrainContact = .now
            do {
                try handle(message, from: connection)
            } catch {
                fail(error)
            }
        }
    }

    private func handle(_ message: ClientMessage, from connection: Int) throws {
        switch message {
        case .hello(let hello):
            if let expected = hello.runId, expected != runId {
                return link.refuse("this runner records run \(runId), not run \(expected)")
            }
            log("brain_connected", "brain connected: \(hello.client)")
            link.welcome(.welcome(.init(protocolVersion: WireProtocol.version, runId: runId, status: status(pendingDecision: pendingDecision))), connection: connection)
            for warning in startWarnings { link.send(.alert(.init(level: .warning, code: "runner_warning", message: warning, time: nil))) }
            if let seen = hello.lastFillSeen {
                let fills = run.engine.history.fills
                let end = min(publishedFills, fills.count)
                // Any number may arrive here: beyond the fills there is nothing to send again.
                for index in stride(from: max(0, min(seen, end) + 1), to: end, by: 1) { link.send(.fill(.init(index: index, fill: fills[index]))) }
            }
            if let pending = pendingDecision {
                link.send(.snapshot(DecisionSnapshot(decisionTime: pending, symbols: features.features, status: status(pendingDecision: pending))))
            }
        case .plan(let message):
            try receive(message)
        case .noChange(let message):
            guard pacing.mode == .lockstep, let pending = pendingDecision, message.decisionTime == pending else {
                return link.send(.error(.init(reason: "no_change: no decision point \(message.decisionTime) is awaited")))
            }
            pendingDecision = nil
        case .control(let control):
            try apply(control)
        case .heartbeat:
            link.send(.heartbeat(.init(sequence: run.engine.processedInputs, eventTime: run.engine.lastEventTime)))
        case .query:
            link.send(.status(status(pendingDecision: pendingDecision)))
        }
    }

    private func receive(_ message: ClientMessage.PlanMessage) throws {
        let plan = message.plan
        guard let id = plan.id else {
            return link.send(.reject(answer(plan, reasons: ["id: a plan sent over the socket needs an id"])))
        }
        if var previous = try answer(toPlan: id) {
            previous.duplicate = true
            return link.send(previous.reasons.isEmpty ? .ack(previous) : .reject(previous))
        }
        let time: Int64
        switch (pacing.mode, pendingDecision, message.decisionTime) {
        case (.lockstep, let pending?, let decision?) where decision == pending:
            time = pending
        case (.lockstep, let pending, let decision):
            let awaited = pending.map { "the runner awaits the plan for \($0)" } ?? "no decision point is awaited now"
            let reason = "decision_time: \(decision.map(String.init) ?? "missing"): \(awaited)"
            return link.send(.reject(answer(plan, reasons: [reason])))
        case (.freeRunning, _, _):
            time = currentTime
        }
        try process(.plan(plan, time: time))
        let record = run.engine.history.plans.last!
        if record.applied && run.engine.governorState.isSafeMode {
            try process(.control(.leaveSafeMode, time: time))
            link.send(.alert(.init(level: .info, code: "safe_mode_left", message: "plan \(id) applied", time: time)))
        }
        pendingDecision = nil
        let result = remember(record)!
        guard record.applied else {
            try commitAndPublish()
            link.send(.reject(result))
            return link.send(.alert(.init(level: .warning, code: "plan_rejected", message: record.reasons.joined(separator: "; "), time: time)))
        }
        // The ack follows the commit (nothing acknowledged is lost to a kill) at once, before
        // the log lines and metrics. In lockstep the input that opened the decision point is
        // processed first and the plan is committed with it: its fills are decided one commit sooner.
        answerAfterCommit = result
        if pacing.mode == .lockstep, upcoming != nil { return }
        try commitAndPublish()
    }

    /// Keeps the answer to a plan the engine saw, so a re-sent id gets it again.
    @discardableResult
    func remember(_ record: PlanRecord) -> RunnerMessage.PlanAnswer? {
        guard let id = record.id else { return nil }
        let answer = Self.answer(to: record, id: id)
        answers.keep(answer, for: id)
        if record.applied { lastAppliedPlanId = id }
        return answer
    }

    /// The answer given to the plan `id` earlier in the run: from memory, or from the store once
    /// the plan left it (`RecentPlanAnswers`).
    private func answer(toPlan id: String) throws -> RunnerMessage.PlanAnswer? {
        if let recent = answers[id] { return recent }
        guard answers.mayHaveSeen(id) else { return nil }
        return try store.plan(run: runId, id: id).map { Self.answer(to: $0, id: id) }
    }

    private static func answer(to record: PlanRecord, id: String) -> RunnerMessage.PlanAnswer {
        RunnerMessage.PlanAnswer(
            planId: id, planHash: hash(record.text), sequence: record.sequence, decisionTime: record.time,
            duplicate: false, reasons: record.applied ? [] : record.reasons)
    }

    private func answer(_ plan: Plan, reasons: [String]) -> RunnerMessage.PlanAnswer {
        RunnerMessage.PlanAnswer(
            planId: plan.id, planHash: Self.hash(plan.canonicalText), sequence: nil, decisionTime: pendingDecision,
            duplicate: false, reasons: reasons)
    }

    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).hexString
    }

    private func apply(_ control: ClientMessage.ControlMessage) throws {
        switch control.command {
        case .pause:
            paused = true
        case .resume:
            paused = false
            if run.engine.governorState.isKilled { try process(.control(.releaseKillSwitch, time: currentTime)) }
        case .halt:
            try process(.control(.killSwitch(flatten: control.flatten ?? false), time: currentTime))
        case .stop:
            stopRequested = true
        case .export:
            try commitAndPublish()
            try waitForCommits()
            let folder = try ReportExporter(store: store, reportsFolder: reportsFolder).export(run: runId)
            link.send(.alert(.init(level: .info, code: "report_exported", message: folder, time: run.engine.lastEventTime)))
        }
        try commitAndPublish()
        log("control", "control \(control.command.rawValue)", ["command": control.command.rawValue])
        link.send(.status(status(pendingDecision: pendingDecision)))
    }

    func status(pendingDecision: Int64?) -> RunnerStatus {
        let engine = run.engine
        let governor = engine.governorState
        let state: RunnerStatus.State = finished ? .finished : pendingDecision != nil ? .waitingForPlan : paused ? .paused : .running
        return RunnerStatus(
            state: state, mode: pacing.mode, safeMode: governor.isSafeMode, killSwitch: governor.isKilled,
            haltedForDay: governor.isHaltedForDay, journalSeq: engine.processedInputs, committedSeq: committedSeq,
            lastAppliedPlanId: lastAppliedPlanId, fillsCommitted: publishedFills,
            decisionIntervalMs: config.decisionInterval.milliseconds, pendingDecisionTime: pendingDecision,
            eventTime: engine.lastEventTime, equity: engine.currentPortfolio.equity, cash: engine.currentPortfolio.cash,
            drawdown: drawdown,
            positions: engine.slotPositions.map {
                PositionView(strategy: $0.strategy, symbol: $0.instrument.symbol, market: $0.instrument.market, quantity: $0.quantity, mark: $0.mark)
            },
            limits: LimitsView(
                maxDailyLoss: governor.limits.maxDailyLoss, maxGrossExposure: governor.limits.maxGrossExposure,
                maxPositionNotional: governor.limits.maxPositionNotional, maxLeverage: governor.limits.maxLeverage),
            dayStartEquity: governor.dayStartEquity, brainConnected: link.isConnected, lastCommitMicroseconds: lastCommitMicroseconds)
    }
}
