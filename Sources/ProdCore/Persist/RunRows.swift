import Czlib
import Foundation
import GRDB

/// How each engine output is stored in its table and read back: one place per table, so that
/// writing and reading cannot drift apart.
extension Order {
    static let insertSQL = """
        INSERT OR REPLACE INTO orders (run_id, id, created_at, symbol, market, strategy, side, intent, limit_price)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    func arguments(run: Int64) -> StatementArguments {
        [run, id, createdAt, instrument.symbol, instrument.market.rawValue, strategy, side.rawValue, intent.rawValue, limitPrice?.raw]
    }
    init(row: Row) throws {
        self.init(
            id: row["id"], instrument: try InstrumentID(row: row), side: try .decode(row, "side"),
            intent: try .decode(row, "intent"), limitPrice: (row["limit_price"] as Int64?).map(Price.init(raw:)),
            createdAt: row["created_at"], strategy: row["strategy"])
    }
}

extension OrderRejection {
    static let insertSQL = """
        INSERT OR REPLACE INTO order_rejections (run_id, seq, order_id, time, reason, detail) VALUES (?, ?, ?, ?, ?, ?)
        """
    func arguments(run: Int64, seq: Int) -> StatementArguments {
        [run, seq, orderId, time, reason.rawValue, detail]
    }
    init(row: Row) throws {
        self.init(orderId: row["order_id"], time: row["time"], reason: try .decode(row, "reason"), detail: row["detail"])
    }
}

extension Fill {
    static let insertSQL = """
        INSERT OR REPLACE INTO fills (run_id, seq, order_id, time, symbol, market, strategy, side, intent, price,
            quantity, notional, fee, is_maker)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    func arguments(run: Int64, seq: Int) -> StatementArguments {
        [run, seq, orderId, time, instrument.symbol, instrument.market.rawValue, strategy, side.rawValue, intent.rawValue,
         price.raw, quantity.raw, notional.raw, fee.raw, isMaker]
    }
    init(row: Row) throws {
        self.init(
            orderId: row["order_id"], time: row["time"], instrument: try InstrumentID(row: row), side: try .decode(row, "side"),
            intent: try .decode(row, "intent"), price: Price(raw: row["price"]), quantity: Quantity(raw: row["quantity"]),
            notional: Money(raw: row["notional"]), fee: Money(raw: row["fee"]), isMaker: row["is_maker"],
            strategy: row["strategy"])
    }
}

extension Trade {
    static let insertSQL = """
        INSERT OR REPLACE INTO trades (run_id, seq, strategy, symbol, market, side, entry_time, exit_time, quantity,
            entry_price, exit_price, fees, funding, pnl, exit_reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    func arguments(run: Int64, seq: Int) -> StatementArguments {
        [run, seq, strategy, instrument.symbol, instrument.market.rawValue, side.rawValue, entryTime, exitTime,
         quantity.raw, entryPrice.raw, exitPrice.raw, fees.raw, funding.raw, pnl.raw, exitReason.rawValue]
    }
    init(row: Row) throws {
        self.init(
            strategy: row["strategy"], instrument: try InstrumentID(row: row), entryTime: row["entry_time"],
            exitTime: row["exit_time"], side: try .decode(row, "side"), quantity: Quantity(raw: row["quantity"]),
            entryPrice: Price(raw: row["entry_price"]), exitPrice: Price(raw: row["exit_price"]), fees: Money(raw: row["fees"]),
            funding: Money(raw: row["funding"]), pnl: Money(raw: row["pnl"]), exitReason: try .decode(row, "exit_reason"))
    }
}

extension GovernorEvent {
    static let insertSQL = "INSERT OR REPLACE INTO governor_events (run_id, seq, time, kind, detail) VALUES (?, ?, ?, ?, ?)"
    func arguments(run: Int64, seq: Int) -> StatementArguments {
        [run, seq, time, kind.rawValue, detail]
    }
    init(row: Row) throws {
        self.init(time: row["time"], kind: try .decode(row, "kind"), detail: row["detail"])
    }
}

extension FundingPayment {
    static let insertSQL = """
        INSERT OR REPLACE INTO funding_payments (run_id, seq, time, symbol, market, strategy, rate, position, amount)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    func arguments(run: Int64, seq: Int) -> StatementArguments {
        [run, seq, time, instrument.symbol, instrument.market.rawValue, strategy, rate.raw, position.raw, amount.raw]
    }
    init(row: Row) throws {
        self.init(
            time: row["time"], instrument: try InstrumentID(row: row), strategy: row["strategy"], rate: Rate(raw: row["rate"]),
            position: Quantity(raw: row["position"]), amount: Money(raw: row["amount"]))
    }
}

extension PlanRecord {
    static let insertSQL = """
        INSERT OR REPLACE INTO plans (run_id, seq, input_seq, time, plan_id, source, applied, reasons, plan)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    /// Reasons are stored one per line.
    func arguments(run: Int64, seq: Int) -> StatementArguments {
        [run, seq, sequence, time, id, source, applied, reasons.joined(separator: "\n"), text]
    }
    init(row: Row) {
        let reasons: String = row["reasons"]
        self.init(
            sequence: row["input_seq"], time: row["time"], id: row["plan_id"], source: row["source"], text: row["plan"],
            applied: row["applied"],
            reasons: reasons.isEmpty ? [] : reasons.components(separatedBy: "\n"))
    }
}

extension EquityPoint {
    static let insertSQL = "INSERT OR REPLACE INTO equity (run_id, first_time, last_time, points, data, crc32) VALUES (?, ?, ?, ?, ?, ?)"

    /// The CRC-32 stored beside a block and checked when it is read back.
    static func checksum(_ data: Data) -> Int64 {
        Int64(data.withUnsafeBytes { bytes in
            crc32(0, bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), UInt32(bytes.count))
        })
    }

    /// One batch of points as the `equity.data` blob: per point, the changes of time, equity,
    /// cash and gross exposure since the previous point (from 0 for the first), each as a
    /// zigzag LEB128 varint. Minute bars change by small steps, so a point takes ~12 bytes, not 32.
    static func packed(_ points: [EquityPoint]) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(points.count * 16)
        var previous: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
        for point in points {
            let current = (point.time, point.equity.raw, point.cash.raw, point.grossExposure.raw)
            appendVarint(current.0 &- previous.0, &bytes)
            appendVarint(current.1 &- previous.1, &bytes)
            appendVarint(current.2 &- previous.2, &bytes)
            appendVarint(current.3 &- previous.3, &bytes)
            previous = current
        }
        return Data(bytes)
    }

    static func unpacked(_ data: Data, points: Int) throws -> [EquityPoint] {
        var result: [EquityPoint] = []
        result.reserveCapacity(points)
        let complete = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            var values: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
            for _ in 0..<points {
                guard let time = readVarint(raw, &offset), let equity = readVarint(raw, &offset),
                      let cash = readVarint(raw, &offset), let exposure = readVarint(raw, &offset)
                else { return false }
                values = (values.0 &+ time, values.1 &+ equity, values.2 &+ cash, values.3 &+ exposure)
                result.append(EquityPoint(
                    time: values.0, equity: Money(raw: values.1), cash: Money(raw: values.2), grossExposure: Money(raw: values.3)))
            }
            return offset == raw.count
        }
        guard complete else {
            throw PersistError.corrupt(path: "", reason: "an equity block of \(data.count) bytes does not hold \(points) points")
        }
        return result
    }

    private static func appendVarint(_ value: Int64, _ bytes: inout [UInt8]) {
        var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private static func readVarint(_ raw: UnsafeRawBufferPointer, _ offset: inout Int) -> Int64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < raw.count, shift < 64 {
            let byte = raw[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return Int64(bitPattern: result >> 1) ^ -Int64(bitPattern: result & 1) }
            shift += 7
        }
        return nil
    }
}

extension SlotPosition {
    static let insertSQL = """
        INSERT OR REPLACE INTO positions (run_id, strategy, symbol, market, quantity, mark, has_working_order, draining)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """
    func arguments(run: Int64) -> StatementArguments {
        [run, strategy, instrument.symbol, instrument.market.rawValue, quantity.raw, mark.raw, hasWorkingOrder, isDraining]
    }
    init(row: Row) throws {
        self.init(
            strategy: row["strategy"], instrument: try InstrumentID(row: row), quantity: Quantity(raw: row["quantity"]),
            mark: Price(raw: row["mark"]), hasWorkingOrder: row["has_working_order"], isDraining: row["draining"])
    }
}

extension InstrumentID {
    init(row: Row) throws {
        self.init(symbol: row["symbol"], market: try .decode(row, "market"))
    }
}

extension RawRepresentable where RawValue == String {
    /// The column's text as this enum, or an error naming the column and the text.
    static func decode(_ row: Row, _ column: String) throws -> Self {
        let text: String = row[column]
        guard let value = Self(rawValue: text) else {
            throw PersistError.failed(path: "", reason: "column \(column): unknown value '\(text)'")
        }
        return value
    }
}
