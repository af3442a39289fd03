import Foundation

extension RunnerLaunch {
    /// Replays runner run `id` offline from what it stored, with these (its own) settings: the
    /// journaled plans and controls at their sequence numbers, and between them the market: a live
    /// run's stored bars and funding rates, or a replay's files (which must be the files it read). Returns the digest
    /// of the replay, which equals the run's when the run is what its journal says it was.
    public func reproduce(_ id: Int64) throws -> (digest: String, recorded: String, inputs: Int64) {
        let store = RunStore(database: try CruptoDatabase(path: Self.absolutePath(config.database)))
        guard let stored = try store.run(id), stored.kind == "runner" else { throw RunnerError("run \(id) is not a runner run in \(config.database)") }
        guard let recorded = stored.digest else { throw RunnerError("run \(id) has not finished: nothing to reproduce") }
        if let pruned = stored.prunedAt, live != nil {
            throw RunnerError("run \(id) was pruned at \(pruned) (brain maintenance prune): its stored bars are gone, so it cannot be replayed")
        }
        var journaled: [Int64: EngineInput] = [:]
        for entry in try store.journal(run: id) {
            if let input = try entry.planOrControl() { journaled[entry.sequence] = input }
        }
        let engineConfig = try engineConfig()
        var bars: () -> EngineInput?
        if live != nil {
            let liveInputs = try store.liveInputs(run: id)
            var index = 0
            bars = {
                guard index < liveInputs.count else { return nil }
                defer { index += 1 }
                return liveInputs[index].engineInput
            }
        } else {
            let known = try store.files(run: id).filter { $0.role == "data" }
            for file in known {
                let now = try? RunFile.fingerprint(file.path, role: file.role)
                guard now == file else { throw RunnerError("\(file.path) changed since run \(id) (sha256 \(file.sha256) then, \(now?.sha256 ?? "missing") now)") }
            }
            let files = try VisionFileLocator.discover(dataPaths.isEmpty ? ["data/sample"] : dataPaths)
            var cursor = HistoricalFeed.Cursor(try replayData(engineConfig, files: files).load())
            bars = { cursor.next() }
        }
        var engine = try TradingEngine(config: engineConfig, plan: .idle)
        for sequence in 1...max(1, stored.inputsDone) where stored.inputsDone > 0 {
            guard let input = journaled[sequence] ?? bars() else {
                throw RunnerError("run \(id): input \(sequence) of \(stored.inputsDone) is neither journaled nor in the \(live != nil ? "stored bars and rates" : "files")")
            }
            engine.process(input)
            // Equity points are kept by recorders only; an offline replay drops them as it goes.
            if sequence % 8_192 == 0 { _ = engine.takeEquityPoints() }
        }
        return (engine.finish().digest, recorded, stored.inputsDone)
    }
}
