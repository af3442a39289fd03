import Foundation

/// Reads Binance Vision `fundingRate` files, zip or CSV (`calc_time,funding_interval_hours,last_funding_rate`).
public enum FundingRateFile {
    /// The rates of one file in time order; a bad row names the file, line and field.
    public static func read(path: String) throws(DataError) -> [FundingRateEvent] {
        let text: String
        do {
            text = try CSVFileBytes.text(path)
        } catch let error as DataError {
            throw error
        } catch {
            throw DataError.unreadable(path, reason: "\(error)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(DataError) -> [FundingRateEvent] {
        var events: [FundingRateEvent] = []
        for (offset, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = offset + 1
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.count == 1 && fields[0].isEmpty { continue }
            if number == 1 && fields.first == "calc_time" { continue }
            func fail(_ field: String, _ reason: String) -> DataError {
                .malformedRow(RowProblem(file: file, line: number, field: field, reason: reason))
            }
            guard fields.count == 3 else { throw fail("row", "expected 3 fields, found \(fields.count)") }
            guard let time = Int64(fields[0]), time > 0 else { throw fail("calc_time", "expected epoch milliseconds, got '\(fields[0])'") }
            guard let rate = Rate(fields[2]), abs(rate.raw) < FixedPointScale.factor / 10 else {
                throw fail("last_funding_rate", "expected a decimal rate below 10 %, got '\(fields[2])'")
            }
            if let previous = events.last, time <= previous.time {
                throw fail("calc_time", "not after the previous row (\(previous.time))")
            }
            events.append(FundingRateEvent(time: time, rate: rate))
        }
        return events
    }
}
