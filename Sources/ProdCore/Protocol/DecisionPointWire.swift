/// The two messages of every decision point — the runner's `snapshot` and the brain's
/// `no_change` — written and read field by field, without `Codable`: the generic walk through
/// coding containers was the largest part of both processes' time per decision after the JSON
/// itself (DEVELOPERS.md, "The main job").
///
/// The bytes are exactly those `ByteJSONEncoder(snakeCaseKeys: true)` writes for the message
/// (same keys, order, numbers), and reading gives the value the generic decoder gives. Anything
/// this reader does not expect — an unknown, repeated or escaped key, a value of another type, a
/// missing field — makes it answer `nil`, and the caller decodes the message the generic way,
/// which accepts or rejects it with its usual error. `DecisionPointWireTests` hold both paths to
/// each other.
enum DecisionPointWire {
    /// The snapshot message's bytes; `nil` when a double is not finite (the generic encoder says why).
    static func encode(_ snapshot: DecisionSnapshot) -> [UInt8]? {
        var out = Output()
        out.bytes.reserveCapacity(1200)
        out.open("decision_time")
        out.integer(snapshot.decisionTime)
        out.key("symbols")
        out.bytes.append(UInt8(ascii: "["))
        for (index, symbol) in snapshot.symbols.enumerated() {
            if index > 0 { out.bytes.append(UInt8(ascii: ",")) }
            guard out.features(symbol) else { return nil }
        }
        out.bytes.append(UInt8(ascii: "]"))
        out.key("status")
        guard out.status(snapshot.status) else { return nil }
        out.key("type")
        out.string("snapshot")
        out.bytes.append(UInt8(ascii: "}"))
        return out.bytes
    }

    /// The snapshot in the message at the tape's root, or `nil` (not a snapshot, or not as this
    /// reader expects it: see above).
    static func decode(_ reader: JSONTapeReader) -> DecisionSnapshot? {
        Input(reader: reader).snapshot()
    }

    static func encode(_ noChange: ClientMessage.NoChange) -> [UInt8] {
        var out = Output()
        out.open("decision_time")
        out.integer(noChange.decisionTime)
        out.key("type")
        out.string("no_change")
        out.bytes.append(UInt8(ascii: "}"))
        return out.bytes
    }

    /// The `no_change` at the tape's root, or `nil` (as `decode` above).
    static func decodeNoChange(_ reader: JSONTapeReader) -> ClientMessage.NoChange? {
        let input = Input(reader: reader)
        guard let fields = input.members(of: 0, Keys.noChange), input.string(fields[0]) == "no_change",
              let time = input.integer(fields[1], as: Int64.self)
        else { return nil }
        return ClientMessage.NoChange(decisionTime: time)
    }
}

// MARK: - Writing

extension DecisionPointWire {
    private struct Output {
        var bytes: [UInt8] = []

        /// `{"key":`: the first member of an object.
        mutating func open(_ key: StaticString) {
            bytes.append(UInt8(ascii: "{"))
            name(key)
        }

        /// `,"key":`: every later member.
        mutating func key(_ key: StaticString) {
            bytes.append(UInt8(ascii: ","))
            name(key)
        }

        private mutating func name(_ key: StaticString) {
            bytes.append(UInt8(ascii: "\""))
            key.withUTF8Buffer { bytes.append(contentsOf: $0) }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(UInt8(ascii: ":"))
        }

        mutating func integer(_ value: some BinaryInteger) {
            JSONText.appendInteger(value, to: &bytes)
        }

        /// `false` (nothing written) when `value` is not finite.
        mutating func double(_ value: Double) -> Bool {
            guard value.isFinite else { return false }
            JSONText.appendFiniteDouble(value, to: &bytes)
            return true
        }

        mutating func string(_ value: String) {
            JSONText.appendString(value, to: &bytes)
        }

        mutating func bool(_ value: Bool) {
            bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
        }

        /// An optional double is left out when absent, as `encodeIfPresent` leaves it.
        mutating func double(_ key: StaticString, _ value: Double?) -> Bool {
            guard let value else { return true }
            self.key(key)
            return double(value)
        }

        mutating func integer(_ key: StaticString, _ value: Int64?) {
            guard let value else { return }
            self.key(key)
            integer(value)
        }

        mutating func features(_ symbol: SymbolFeatures) -> Bool {
            open("symbol")
            string(symbol.symbol)
            key("market")
            string(symbol.market.rawValue)
            key("bars")
            integer(symbol.bars)
            integer("close", symbol.close?.raw)
            guard double("ema_fast", symbol.emaFast), double("ema_slow", symbol.emaSlow), double("adx", symbol.adx),
                  double("atr_pct", symbol.atrPct), double("realized_vol", symbol.realizedVol), double("band_width", symbol.bandWidth),
                  double("efficiency_ratio", symbol.efficiencyRatio), double("rsi", symbol.rsi)
            else { return false }
            bytes.append(UInt8(ascii: "}"))
            return true
        }

        mutating func status(_ status: RunnerStatus) -> Bool {
            open("state")
            string(status.state.rawValue)
            key("mode")
            string(status.mode.rawValue)
            key("safe_mode")
            bool(status.safeMode)
            key("kill_switch")
            bool(status.killSwitch)
            key("halted_for_day")
            bool(status.haltedForDay)
            key("journal_seq")
            integer(status.journalSeq)
            key("committed_seq")
            integer(status.committedSeq)
            if let plan = status.lastAppliedPlanId {
                key("last_applied_plan_id")
                string(plan)
            }
            key("fills_committed")
            integer(status.fillsCommitted)
            key("decision_interval_ms")
            integer(status.decisionIntervalMs)
            integer("pending_decision_time", status.pendingDecisionTime)
            integer("event_time", status.eventTime)
            key("equity")
            integer(status.equity.raw)
            key("cash")
            integer(status.cash.raw)
            key("drawdown")
            guard double(status.drawdown) else { return false }
            key("positions")
            bytes.append(UInt8(ascii: "["))
            for (index, position) in status.positions.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                open("strategy")
                string(position.strategy)
                key("symbol")
                string(position.symbol)
                key("market")
                string(position.market.rawValue)
                key("quantity")
                integer(position.quantity.raw)
                key("mark")
                integer(position.mark.raw)
                bytes.append(UInt8(ascii: "}"))
            }
            bytes.append(UInt8(ascii: "]"))
            key("limits")
            open("max_daily_loss")
            integer(status.limits.maxDailyLoss.raw)
            key("max_gross_exposure")
            integer(status.limits.maxGrossExposure.raw)
            key("max_position_notional")
            integer(status.limits.maxPositionNotional.raw)
            key("max_leverage")
            integer(status.limits.maxLeverage.raw)
            bytes.append(UInt8(ascii: "}"))
            integer("day_start_equity", status.dayStartEquity?.raw)
            key("brain_connected")
            bool(status.brainConnected)
            integer("last_commit_microseconds", status.lastCommitMicroseconds)
            bytes.append(UInt8(ascii: "}"))
            return true
        }
    }
}

// MARK: - Reading

extension DecisionPointWire {
    /// Each object's keys as the text spells them; a reader's field `n` is `known[n]`.
    private enum Keys {
        static let snapshot: [StaticString] = ["type", "decision_time", "symbols", "status"]
        static let noChange: [StaticString] = ["type", "decision_time"]
        static let features: [StaticString] = [
            "symbol", "market", "bars", "close", "ema_fast", "ema_slow", "adx", "atr_pct", "realized_vol", "band_width", "efficiency_ratio", "rsi",
        ]
        static let status: [StaticString] = [
            "state", "mode", "safe_mode", "kill_switch", "halted_for_day", "journal_seq", "committed_seq", "last_applied_plan_id",
            "fills_committed", "decision_interval_ms", "pending_decision_time", "event_time", "equity", "cash", "drawdown", "positions",
            "limits", "day_start_equity", "brain_connected", "last_commit_microseconds",
        ]
        static let position: [StaticString] = ["strategy", "symbol", "market", "quantity", "mark"]
        static let limits: [StaticString] = ["max_daily_loss", "max_gross_exposure", "max_position_notional", "max_leverage"]
    }

    /// Reads values off the tape; each getter answers `nil` for anything unexpected.
    private struct Input {
        let reader: JSONTapeReader

        /// The members of the object at `object`, each key once, all of them among `known`
        /// (index into `known`, value node); `nil` for anything else.
        func members(of object: Int, _ known: [StaticString]) -> [Int?]? {
            let tape = reader.tape
            guard tape.nodes[object].kind == .object else { return nil }
            var values = [Int?](repeating: nil, count: known.count)
            var child = object + 1
            let end = Int(tape.nodes[object].next)
            while child < end {
                let keyNode = tape.nodes[child]
                guard keyNode.kind == .string else { return nil }
                let key = tape.bytes[Int(keyNode.start)..<Int(keyNode.end)]
                guard let index = known.firstIndex(where: { name in name.withUTF8Buffer { key.elementsEqual($0) } }), values[index] == nil
                else { return nil }
                values[index] = child + 1
                child = Int(tape.nodes[child + 1].next)
            }
            return values
        }

        func isAbsent(_ node: Int?) -> Bool {
            guard let node else { return true }
            return reader.node(node).kind == .null
        }

        func integer<Integer: FixedWidthInteger>(_ node: Int?, as type: Integer.Type = Integer.self) -> Integer? {
            guard let node, reader.node(node).kind == .number else { return nil }
            return reader.integer(reader.node(node), as: type)
        }

        func double(_ node: Int?) -> Double? {
            guard let node, reader.node(node).kind == .number else { return nil }
            return reader.double(reader.node(node))
        }

        func string(_ node: Int?) -> String? {
            guard let node else { return nil }
            let value = reader.node(node)
            guard value.kind == .string || value.kind == .escapedString else { return nil }
            return try? reader.string(value)
        }

        func bool(_ node: Int?) -> Bool? {
            guard let node else { return nil }
            switch reader.node(node).kind {
            case .isTrue: return true
            case .isFalse: return false
            default: return nil
            }
        }

        /// An optional field: `.some(nil)` when absent or null, `nil` when present and unreadable.
        func optional<Value>(_ node: Int?, _ read: (Int?) -> Value?) -> Value?? {
            if isAbsent(node) { return .some(nil) }
            guard let value = read(node) else { return nil }
            return .some(value)
        }

        func array<Element>(_ node: Int?, _ read: (Int) -> Element?) -> [Element]? {
            guard let node, reader.node(node).kind == .array else { return nil }
            var elements: [Element] = []
            elements.reserveCapacity(Int(reader.node(node).end))
            var child = node + 1
            let end = Int(reader.node(node).next)
            while child < end {
                guard let element = read(child) else { return nil }
                elements.append(element)
                child = Int(reader.node(child).next)
            }
            return elements
        }

        func snapshot() -> DecisionSnapshot? {
            guard let fields = members(of: 0, Keys.snapshot),
                  string(fields[0]) == "snapshot",
                  let time = integer(fields[1], as: Int64.self),
                  let symbols = array(fields[2], features),
                  let status = status(fields[3])
            else { return nil }
            return DecisionSnapshot(decisionTime: time, symbols: symbols, status: status)
        }

        func features(_ node: Int) -> SymbolFeatures? {
            guard let fields = members(of: node, Keys.features),
                let symbol = string(fields[0]), let market = string(fields[1]).flatMap(Market.init(rawValue:)),
                let bars = integer(fields[2], as: Int.self),
                let close = optional(fields[3], { integer($0, as: Int64.self) }),
                let emaFast = optional(fields[4], double), let emaSlow = optional(fields[5], double),
                let adx = optional(fields[6], double), let atrPct = optional(fields[7], double),
                let realizedVol = optional(fields[8], double), let bandWidth = optional(fields[9], double),
                let efficiencyRatio = optional(fields[10], double), let rsi = optional(fields[11], double)
            else { return nil }
            return SymbolFeatures(
                symbol: symbol, market: market, bars: bars, close: close.map(Price.init(raw:)), emaFast: emaFast, emaSlow: emaSlow,
                adx: adx, atrPct: atrPct, realizedVol: realizedVol, bandWidth: bandWidth, efficiencyRatio: efficiencyRatio, rsi: rsi)
        }

        func status(_ node: Int?) -> RunnerStatus? {
            guard let node, let fields = members(of: node, Keys.status),
                let state = string(fields[0]).flatMap(RunnerStatus.State.init(rawValue:)),
                let mode = string(fields[1]).flatMap(RunnerMode.init(rawValue:)),
                let safeMode = bool(fields[2]), let killSwitch = bool(fields[3]), let haltedForDay = bool(fields[4]),
                let journalSeq = integer(fields[5], as: Int64.self), let committedSeq = integer(fields[6], as: Int64.self),
                let lastAppliedPlanId = optional(fields[7], string),
                let fillsCommitted = integer(fields[8], as: Int.self), let interval = integer(fields[9], as: Int64.self),
                let pending = optional(fields[10], { integer($0, as: Int64.self) }),
                let eventTime = optional(fields[11], { integer($0, as: Int64.self) }),
                let equity = integer(fields[12], as: Int64.self), let cash = integer(fields[13], as: Int64.self),
                let drawdown = double(fields[14]),
                let positions = array(fields[15], position),
                let limits = limits(fields[16]),
                let dayStartEquity = optional(fields[17], { integer($0, as: Int64.self) }),
                let brainConnected = bool(fields[18]),
                let lastCommit = optional(fields[19], { integer($0, as: Int64.self) })
            else { return nil }
            return RunnerStatus(
                state: state, mode: mode, safeMode: safeMode, killSwitch: killSwitch, haltedForDay: haltedForDay, journalSeq: journalSeq,
                committedSeq: committedSeq, lastAppliedPlanId: lastAppliedPlanId, fillsCommitted: fillsCommitted, decisionIntervalMs: interval,
                pendingDecisionTime: pending, eventTime: eventTime, equity: Money(raw: equity), cash: Money(raw: cash), drawdown: drawdown,
                positions: positions, limits: limits, dayStartEquity: dayStartEquity.map(Money.init(raw:)), brainConnected: brainConnected,
                lastCommitMicroseconds: lastCommit)
        }

        func position(_ node: Int) -> PositionView? {
            guard let fields = members(of: node, Keys.position),
                  let strategy = string(fields[0]), let symbol = string(fields[1]),
                  let market = string(fields[2]).flatMap(Market.init(rawValue:)),
                  let quantity = integer(fields[3], as: Int64.self), let mark = integer(fields[4], as: Int64.self)
            else { return nil }
            return PositionView(strategy: strategy, symbol: symbol, market: market, quantity: Quantity(raw: quantity), mark: Price(raw: mark))
        }

        func limits(_ node: Int?) -> LimitsView? {
            guard let node, let fields = members(of: node, Keys.limits),
                  let daily = integer(fields[0], as: Int64.self), let gross = integer(fields[1], as: Int64.self),
                  let notional = integer(fields[2], as: Int64.self), let leverage = integer(fields[3], as: Int64.self)
            else { return nil }
            return LimitsView(
                maxDailyLoss: Rate(raw: daily), maxGrossExposure: Rate(raw: gross), maxPositionNotional: Money(raw: notional),
                maxLeverage: Rate(raw: leverage))
        }
    }
}
