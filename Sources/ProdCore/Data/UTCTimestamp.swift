/// Formats epoch milliseconds as ISO 8601 UTC text, independent of locale and time zone settings.
public enum UTCTimestamp {
    /// `2023-03-24T12:40:00Z` (milliseconds are shown only when not zero).
    public static func iso8601(_ milliseconds: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendISO8601(milliseconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the UTF-8 of `iso8601(milliseconds)`: for writers of millions of timestamps.
    /// A non-negative field, zero-padded.
    private static func appendDigits(_ value: Int64, _ width: Int, _ bytes: inout [UInt8]) {
        DecimalDigits.append(UInt64(value), width: width, to: &bytes)
    }

    public static func appendISO8601(_ milliseconds: Int64, to bytes: inout [UInt8]) {
        let millisecondsPerDay: Int64 = 86_400_000
        var days = milliseconds / millisecondsPerDay
        var rest = milliseconds % millisecondsPerDay
        if rest < 0 {
            rest += millisecondsPerDay
            days -= 1
        }
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let seconds = rest / 1000
        let millis = rest % 1000
        appendDigits(year, 4, &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(month, 2, &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(day, 2, &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(seconds / 3600, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(seconds / 60 % 60, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(seconds % 60, 2, &bytes)
        if millis != 0 {
            bytes.append(UInt8(ascii: "."))
            appendDigits(millis, 3, &bytes)
        }
        bytes.append(UInt8(ascii: "Z"))
    }

    /// Howard Hinnant's days-to-civil conversion for the proleptic Gregorian calendar.
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension UTCTimestamp {
    /// Epoch milliseconds of midnight UTC of a `YYYY-MM-DD` date; `nil` if it is not a valid date.
    public static func startOfDay(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]),
              (1...12).contains(month), day >= 1, day <= daysInMonth(year, month)
        else { return nil }
        // Howard Hinnant's days-from-civil.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return (era * 146_097 + dayOfEra - 719_468) * 86_400_000
    }

    /// Epoch milliseconds of `YYYY-MM-DDTHH:MM[:SS]Z`; `nil` if it is not a valid UTC time.
    public static func parseISO8601(_ text: String) -> Int64? {
        guard text.hasSuffix("Z"), let separator = text.firstIndex(of: "T"),
              let day = startOfDay(String(text[..<separator]))
        else { return nil }
        let clock = text[text.index(after: separator)..<text.index(before: text.endIndex)].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0.count == 2 }),
              let hour = Int64(clock[0]), let minute = Int64(clock[1]), let second = clock.count == 3 ? Int64(clock[2]) : 0,
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        return day + ((hour * 60 + minute) * 60 + second) * 1000
    }

    private static func daysInMonth(_ year: Int64, _ month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
