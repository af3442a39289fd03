extension LiveFeed {
    /// Asks REST for the rates of each perpetual's due funding times, those the exchange's clock
    /// has passed by the grace (or a quarter second of wall time on a fast fake): one request
    /// settles a backlog (a session starting in the past, a restart), up to 1,000 funding times. A
    /// rate still not published `fundingMissingAfterMilliseconds` after its time settles as missing.
    func settleDueFunding() async {
        let now = clock.now()
        let margin = max(settings.fundingGraceMilliseconds, Int64(clock.rate * 250))
        let due = state.withLock { state in
            state.funding.pending.filter { instrument, time in
                now >= time + margin && settings.until.map { time < $0 } ?? true
            }
        }
        for (instrument, first) in due.sorted(by: { $0.key < $1.key }) where !Task.isCancelled {
            let symbol = settings.instruments[instrument].symbol
            var through = now - margin
            do {
                let records = try await rest.fundingRates(symbol: symbol, from: first, through: through + 59_999)
                // A full page may stop short of `through`: the times after it are asked next time.
                if records.count == BinanceREST.fundingPageSize, let last = records.last { through = last.time }
                let receivedAt = Self.wallMilliseconds()
                let giveUpBefore = clock.now() - max(settings.fundingMissingAfterMilliseconds, margin)
                state.withLock { state in
                    while let time = state.funding.pending[instrument], time <= through, settings.until.map({ time < $0 }) ?? true,
                          state.funding.answer(instrument, records: records, giveUp: time <= giveUpBefore, receivedAt: receivedAt) {}
                }
                onBarsSettled()
            } catch {
                state.withLock { $0.report.restFailures += 1 }
                note("\(settings.instruments[instrument]) funding rates from \(UTCTimestamp.iso8601(first)): \(error)")
            }
        }
    }

    /// The exchange's next funding time of each perpetual against the 8-hour grid the run settles
    /// funding on; a perpetual moved to another interval is reported (its rates off the grid would
    /// not be applied).
    func checkFundingSchedule() async {
        var differences: [String] = []
        for id in settings.instruments where id.market == .usdm {
            do {
                let premium = try await rest.premiumIndex(symbol: id.symbol)
                if premium.nextFundingTime % FundingRateEstimator.interval >= 60_000 {
                    differences.append(
                        "\(id): the exchange's next funding time \(UTCTimestamp.iso8601(premium.nextFundingTime)) is off the 8-hour grid; "
                            + "only rates at 00:00, 08:00 and 16:00 UTC are applied")
                }
            } catch {
                note("\(id) premiumIndex: \(error); funding schedule not compared")
            }
        }
        state.withLock { state in
            state.report.fundingScheduleDifferences = differences
            state.notes += differences
        }
    }
}
