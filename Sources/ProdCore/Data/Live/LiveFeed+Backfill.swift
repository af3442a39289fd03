import Foundation

extension LiveFeed {
    /// Asks REST for every minute the stream has not settled in time: holes behind a streamed
    /// bar, minutes closed longer than the stream's grace ago, everything since a restart; and for
    /// the funding rates that are due.
    func backfillForever() async {
        let started = ContinuousClock.now
        var lastClockSample = started
        while !Task.isCancelled {
            // Often at first, to learn the exchange clock's rate soon; then once a second.
            let period: Duration = started.duration(to: .now) < .seconds(2) ? .milliseconds(100) : .seconds(1)
            if lastClockSample.duration(to: .now) > period {
                lastClockSample = .now
                let sent = ContinuousClock.now
                if let time = try? await rest.serverTime(settings.instruments[0].market) { clock.record(serverTime: time, sentAt: sent) }
            }
            for instrument in settings.instruments.indices {
                guard !Task.isCancelled, let range = dueRange(instrument) else { continue }
                await backfill(instrument, from: range.from, through: range.through)
            }
            await settleDueFunding()
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The minutes of `instrument` REST should settle now, if any.
    private func dueRange(_ instrument: Int) -> (from: Int64, through: Int64)? {
        let now = clock.now()
        // The open time of the last minute that closed at least the stream's grace ago, with a
        // margin for the clock's estimate (a quarter second of wall time at the exchange's rate:
        // large on a fast fake, nothing on Binance).
        let margin = max(settings.streamGraceMilliseconds, Int64(clock.rate * 250))
        let settledByNow = now - margin
        let lastClosed = settledByNow - settledByNow % 60_000 - 60_000
        return state.withLock { state -> (Int64, Int64)? in
            guard let assembler = state.assembler else { return nil }
            var through = assembler.hole(instrument)?.through ?? lastClosed
            if let until = settings.until { through = min(through, until - 60_000) }
            let from = assembler.next[instrument]
            return from <= through ? (from, through) : nil
        }
    }

    private func backfill(_ instrument: Int, from: Int64, through: Int64) async {
        let id = settings.instruments[instrument]
        state.withLock { $0.report.backfillRequests += 1 }
        do {
            // Every minute through `through` has closed (a streamed bar after it, or the clock says so).
            let asked = ContinuousClock.now
            let bars = try await rest.klines(id.market, symbol: id.symbol, from: from, through: through, closedBefore: through + 60_000)
            let receivedAt = Self.wallMilliseconds()
            let took = ExchangeClock.milliseconds(asked.duration(to: .now)) / 1_000
            state.withLock { state in
                state.report.backfilledBars += bars.count
                state.report.backfillSeconds += took
                guard var assembler = state.assembler else { return }
                // Minutes of the range REST has no bar for are exchange gaps.
                assembler.rest(instrument, bars, through: through, receivedAt: receivedAt)
                state.assembler = assembler
            }
            onBarsSettled()
        } catch {
            state.withLock { $0.report.restFailures += 1 }
            note("\(id) backfill \(UTCTimestamp.iso8601(from))…\(UTCTimestamp.iso8601(through)): \(error)")
            try? await Task.sleep(for: .milliseconds(500))
        }
    }
}
