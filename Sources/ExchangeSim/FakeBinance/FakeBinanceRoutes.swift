import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import ProdCore

extension FakeBinanceServer {
    /// The handlers behind the fake's routes.
    struct Routes: Sendable {
        let data: FakeMarketData
        let clock: FakeExchangeClock
        let faults: FakeBinanceFaults
        let instruments: [Instrument]
        let counters: Counters

        func time() -> Response {
            json(FakeBinancePayloads.serverTime(clock.now()), weight: 1)
        }

        /// `GET /api/v3/exchangeInfo[?symbols=["A","B"]]`, `GET /fapi/v1/exchangeInfo`: the market's
        /// instruments (spot: the ones asked for) with their filters.
        func exchangeInfo(_ request: Request, market: Market) -> Response {
            var listed = instruments.filter { $0.market == market }
            if let asked = request.uri.queryParameters["symbols"].map(String.init) {
                let names = asked.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                listed = listed.filter { names.contains($0.symbol) }
            }
            return json(FakeBinancePayloads.exchangeInfo(listed, market: market, serverTime: clock.now()), weight: market == .spot ? 20 : 1)
        }

        /// `GET …/klines?symbol=&interval=1m[&startTime=][&endTime=][&limit=]`, as Binance answers it:
        /// from `startTime` up (or the latest `limit` up to `endTime` or now), at most `limit`
        /// (default 500, at most 1000), the current minute included with its values so far.
        func klines(_ request: Request, market: Market) -> Response {
            let now = clock.now()
            if let refused = scriptedError(at: now) { return refused }
            let query = request.uri.queryParameters
            guard let symbol = query["symbol"].map(String.init), !symbol.isEmpty else { return error(400, -1102, "Mandatory parameter 'symbol' was not sent") }
            guard query["interval"] == "1m" else { return error(400, -1120, "Invalid interval.") }
            let limit = query["limit"].flatMap { Int(String($0)) } ?? 500
            guard (1...1_000).contains(limit) else { return error(400, -1130, "Invalid data sent for a parameter.") }
            let instrument = InstrumentID(symbol: symbol, market: market)
            guard data.bars[instrument] != nil else { return error(400, -1121, "Invalid symbol.") }
            let currentMinute = now - now % 60_000
            let end = min(query["endTime"].flatMap { Int64(String($0)) } ?? currentMinute, currentMinute)
            let rows: ArraySlice<Bar>
            if let start = query["startTime"].flatMap({ Int64(String($0)) }) {
                rows = data.bars(instrument, from: start, through: end).prefix(limit)
            } else {
                rows = data.bars(instrument, from: end - Int64(limit) * 60_000 + 1, through: end).suffix(limit)
            }
            let text = rows.map { bar in
                FakeBinancePayloads.restKline(bar.openTime == currentMinute ? FakeBinancePayloads.unclosed(bar) : bar)
            }.joined(separator: ",")
            return json("[\(text)]", weight: market == .spot ? 2 : 5)
        }

        /// `GET /fapi/v1/fundingRate?symbol=[&startTime=][&endTime=][&limit=]`: the rates published
        /// by now (a rate is published at its funding time), ascending, from `startTime` or else
        /// the latest `limit` (default 100, at most 1000).
        func fundingRate(_ request: Request) -> Response {
            let now = clock.now()
            if let refused = scriptedError(at: now) { return refused }
            let query = request.uri.queryParameters
            guard let symbol = query["symbol"].map(String.init), !symbol.isEmpty else { return error(400, -1102, "Mandatory parameter 'symbol' was not sent") }
            let limit = query["limit"].flatMap { Int(String($0)) } ?? 100
            guard (1...1_000).contains(limit) else { return error(400, -1130, "Invalid data sent for a parameter.") }
            let end = min(query["endTime"].flatMap { Int64(String($0)) } ?? now, now)
            let published = (data.fundingRates[symbol] ?? []).filter { $0.time <= end }
            let rows = query["startTime"].flatMap { Int64(String($0)) }.map { start in Array(published.filter { $0.time >= start }.prefix(limit)) }
                ?? Array(published.suffix(limit))
            let perpetual = InstrumentID(symbol: symbol, market: .usdm)
            let text = rows.map { event in
                // The mark price of the settlement: the perpetual's close of the minute before.
                FakeBinancePayloads.fundingRecord(symbol: symbol, event, markPrice: data.bar(perpetual, at: event.time - 60_000)?.close ?? .zero)
            }.joined(separator: ",")
            return json("[\(text)]", weight: 1)
        }

        /// `GET /fapi/v1/premiumIndex?symbol=`: the perpetual's last close as mark price, spot's as
        /// index price, the funding rate the interval in progress would settle at so far, and the
        /// next funding time.
        func premiumIndex(_ request: Request) -> Response {
            let now = clock.now()
            if let refused = scriptedError(at: now) { return refused }
            guard let symbol = request.uri.queryParameters["symbol"].map(String.init), !symbol.isEmpty else {
                return error(400, -1102, "Mandatory parameter 'symbol' was not sent")
            }
            let perpetual = InstrumentID(symbol: symbol, market: .usdm)
            guard data.bars[perpetual] != nil else { return error(400, -1121, "Invalid symbol.") }
            let next = FundingRateEstimator.nextFundingTime(atOrAfter: now + 1)
            let lastClosed = now - now % 60_000 - 60_000
            var estimator = FundingRateEstimator()
            let spot = InstrumentID(symbol: symbol, market: .spot)
            for bar in data.bars(perpetual, from: next - FundingRateEstimator.interval, through: lastClosed) {
                guard let index = data.bar(spot, at: bar.openTime) else { continue }
                _ = estimator.observe(time: bar.openTime, perpetualClose: bar.close, spotClose: index.close)
            }
            let mark = data.bars(perpetual, from: lastClosed - 86_400_000, through: lastClosed).last?.close ?? .zero
            let index = data.bars(spot, from: lastClosed - 86_400_000, through: lastClosed).last?.close ?? mark
            return json(FakeBinancePayloads.premiumIndex(
                symbol: symbol, markPrice: mark, indexPrice: index, lastFundingRate: estimator.settle()?.rate ?? .zero, nextFundingTime: next, time: now), weight: 1)
        }

        /// A combined stream: for each minute, its first update (not closed) and, once the exchange
        /// clock passes its end, the closed kline of every subscribed symbol.
        func stream(_ request: Request, market: Market, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
            let names = (request.uri.queryParameters["streams"].map(String.init) ?? "").split(separator: "/").map(String.init)
            var subscriptions: [(stream: String, symbol: String, instrument: InstrumentID)] = []
            for name in names {
                guard name.hasSuffix("@kline_1m") else { continue }
                let symbol = name.dropLast("@kline_1m".count).uppercased()
                subscriptions.append((name, symbol, InstrumentID(symbol: symbol, market: market)))
            }
            counters.served.withLock { $0.streamConnections += 1 }
            let sender = Task { try await sendKlines(subscriptions, outbound) }
            defer { sender.cancel() }
            // The client's frames are read until it closes (or the sender closes a dropped stream).
            for try await _ in inbound {}
        }

        private func sendKlines(_ subscriptions: [(stream: String, symbol: String, instrument: InstrumentID)], _ outbound: WebSocketOutboundWriter) async throws {
            let connectedAt = clock.now()
            var minute = connectedAt - connectedAt % 60_000
            try await sendUpdates(subscriptions, minute: minute, outbound)
            while !Task.isCancelled {
                let close = minute + 60_000
                try await Task.sleep(for: clock.wallDelay(until: close))
                let expired = faults.connectionLifetime.map { close - connectedAt >= $0 } ?? false
                if expired || faults.dropStreamsAt.contains(where: { $0 > connectedAt && $0 <= close }) {
                    try await outbound.close(.goingAway, reason: expired ? "connection lifetime reached" : "scripted drop")
                    return
                }
                let now = clock.now()
                if !faults.zombie.contains(where: { $0.contains(now) }) {
                    for subscription in subscriptions where !faults.streamSilent.contains(where: { $0.contains(minute) }) {
                        guard let bar = data.bar(subscription.instrument, at: minute) else { continue }
                        let text = FakeBinancePayloads.streamKline(stream: subscription.stream, symbol: subscription.symbol, bar, closed: true, eventTime: now)
                        for _ in 0..<(faults.duplicateKlines ? 2 : 1) { try await outbound.write(.text(text)) }
                        counters.served.withLock { $0.closedKlinesSent += 1 }
                    }
                    minute = close
                    try await sendUpdates(subscriptions, minute: minute, outbound)
                } else {
                    minute = close
                }
            }
        }

        private func sendUpdates(_ subscriptions: [(stream: String, symbol: String, instrument: InstrumentID)], minute: Int64, _ outbound: WebSocketOutboundWriter) async throws {
            for subscription in subscriptions {
                guard let bar = data.bar(subscription.instrument, at: minute) else { continue }
                try await outbound.write(.text(FakeBinancePayloads.streamKline(
                    stream: subscription.stream, symbol: subscription.symbol, FakeBinancePayloads.unclosed(bar), closed: false, eventTime: clock.now())))
            }
        }

        private func scriptedError(at now: Int64) -> Response? {
            guard let fault = faults.restErrors.first(where: { $0.window.contains(now) }) else { return nil }
            counters.served.withLock { $0.restErrors += 1 }
            var headers = HTTPFields()
            if fault.status == 429 || fault.status == 418 { headers[HTTPField.Name("Retry-After")!] = String(fault.retryAfterSeconds) }
            headers[.contentType] = "application/json"
            return Response(
                status: .init(code: fault.status), headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: FakeBinancePayloads.error(code: -1003, "scripted fault"))))
        }

        private func json(_ text: String, weight: Int) -> Response {
            let minute = Int64(Date().timeIntervalSince1970) / 60
            let used = counters.weight.withLock { state in
                if state.minute != minute { state = (minute, 0) }
                state.used += weight
                return state.used
            }
            counters.served.withLock { $0.restRequests += 1 }
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[HTTPField.Name("X-MBX-USED-WEIGHT-1M")!] = String(used)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }

        private func error(_ status: Int, _ code: Int, _ message: String) -> Response {
            Response(
                status: .init(code: status), headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: FakeBinancePayloads.error(code: code, message))))
        }
    }
}
