import Foundation
import Logging
import WSClient

extension LiveFeed {
    /// The market's combined kline stream, reopened whenever it closes or goes quiet, and
    /// replaced make-before-break before the exchange's connection lifetime runs out: a new
    /// connection opens beside the old one, and the old one closes once the new one delivers.
    /// Returns when a newer connection took over.
    func streamForever(_ market: Market) async {
        let indices = settings.instruments.indices.filter { settings.instruments[$0].market == market }
        let names = indices.map { settings.instruments[$0].symbol.lowercased() + "@kline_1m" }
        let bySymbol = Dictionary(uniqueKeysWithValues: indices.map { (settings.instruments[$0].symbol, $0) })
        let url = settings.endpoints.endpoints(of: market).ws + "/stream?streams=" + names.joined(separator: "/")
        var failures = 0
        while !Task.isCancelled {
            let generation = state.withLock { state in
                defer { state.nextGeneration[market, default: 0] += 1 }
                return state.nextGeneration[market, default: 0]
            }
            let opened = ContinuousClock.now
            do {
                try await connect(url, market: market, generation: generation, bySymbol: bySymbol)
            } catch {
                if !Task.isCancelled { note("\(market) stream: \(error)") }
            }
            if Task.isCancelled || isSuperseded(market, generation) { return }
            state.withLock { $0.report.reconnects += 1 }
            // A connection that lived a while resets the backoff.
            failures = opened.duration(to: .now) > .seconds(30) ? 1 : failures + 1
            try? await Backoff.sleep(milliseconds: min(5_000, 100 << min(failures, 6)))
        }
    }

    private func isSuperseded(_ market: Market, _ generation: Int) -> Bool {
        state.withLock { ($0.activeGeneration[market] ?? -1) > generation }
    }

    private func connect(_ url: String, market: Market, generation: Int, bySymbol: [String: Int]) async throws {
        // Pings find a dead TCP connection; the watchdog below finds a live one that sends nothing.
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 20, autoPing: .enabled(timePeriod: .seconds(20)))
        let logger = Logger(label: "crupto.live.stream", factory: { _ in SwiftLogNoOpLogHandler() })
        let now = clock.now()
        state.withLock { $0.lastFrame[market] = (now, .now) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, _, _ in
                    var first = true
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message else { continue }
                        if first {
                            first = false
                            self.tookOver(market, generation)
                        }
                        self.received(text, market: market, bySymbol: bySymbol)
                    }
                }
            }
            group.addTask { try await self.watchdog(market, generation: generation) }
            group.addTask { try await self.rotate(market, openedAt: now) }
            // The connection ended, the watchdog found it quiet, or a newer one took over: close it.
            try await group.next()
            group.cancelAll()
        }
    }

    /// The first frame of connection `generation`: older connections of the market close.
    private func tookOver(_ market: Market, _ generation: Int) {
        let rotated = state.withLock { state in
            let previous = state.activeGeneration[market] ?? -1
            state.activeGeneration[market] = max(previous, generation)
            return previous >= 0 && generation > previous
        }
        if rotated && rotationPending.withLock({ $0.remove(market) != nil }) { state.withLock { $0.report.rotations += 1 } }
    }

    /// Opens the next connection once this one is `rotateAfterMilliseconds` old (exchange time);
    /// never returns (this connection ends when the new one takes over).
    private func rotate(_ market: Market, openedAt: Int64) async throws {
        while clock.now() - openedAt < settings.rotateAfterMilliseconds { try await Task.sleep(for: .milliseconds(50)) }
        rotationPending.withLock { _ = $0.insert(market) }
        track(Task { await self.streamForever(market) })
        while true { try await Task.sleep(for: .seconds(3_600)) }
    }

    /// Returns when the stream has been quiet for `zombieAfterMilliseconds` of exchange time, or a
    /// newer connection took over.
    private func watchdog(_ market: Market, generation: Int) async throws {
        while true {
            try await Task.sleep(for: .milliseconds(50))
            if isSuperseded(market, generation) { return }
            guard let last = state.withLock({ $0.lastFrame[market] }) else { continue }
            if clock.now() - last.exchange > settings.zombieAfterMilliseconds && last.wall.duration(to: .now) > settings.zombieAfterWall {
                state.withLock { $0.report.zombies += 1 }
                note("\(market) stream sent nothing for \(settings.zombieAfterMilliseconds / 1_000) s of exchange time: reconnecting")
                return
            }
        }
    }

    private func received(_ text: String, market: Market, bySymbol: [String: Int]) {
        let receivedAt = Self.wallMilliseconds()
        let event: BinanceKline.Event?
        do {
            event = try BinanceKline.event(text)
        } catch {
            state.withLock { $0.report.malformedMessages += 1 }
            note("\(market) stream: \(error)")
            return
        }
        let now = clock.now()
        state.withLock { state in
            state.lastFrame[market] = (now, .now)
            guard let event, event.interval == "1m", let instrument = bySymbol[event.symbol], var assembler = state.assembler else { return }
            if event.isClosed {
                assembler.stream(instrument, event.bar, receivedAt: receivedAt)
            } else {
                assembler.unclosed()
            }
            state.assembler = assembler
        }
        if event?.isClosed == true { onBarsSettled() }
    }
}
