import Foundation

/// Where a chart's axes get their tick marks: round values (1, 2, 2.5, 5 × 10ⁿ) and round times
/// (whole hours, days, weeks, calendar months or years, UTC), about `target` of them per axis.
enum ChartTicks {
    /// Round values from the last one at or below `low` to the first one at or above `high`
    /// (so the data never touches an unlabelled edge), and how many decimals their labels need.
    static func values(_ low: Double, _ high: Double, target: Int = 5) -> (ticks: [Double], decimals: Int) {
        let span = high - low
        guard span > 0, span.isFinite else { return ([low], 2) }
        let rough = span / Double(target)
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let ticks = stride(from: (low / step).rounded(.down), through: (high / step).rounded(.up), by: 1).map { $0 * step }
        let decimals = max(0, Int(-floor(log10(step))) + (step / magnitude == 2.5 ? 1 : 0))
        return (ticks, decimals)
    }

    private static let hour: Int64 = 3_600_000
    private static let day: Int64 = 86_400_000
    private static let fixedSteps: [Int64] = [hour, 2 * hour, 6 * hour, 12 * hour, day, 2 * day, 7 * day, 14 * day]
    private static let monthSteps = [1, 2, 3, 6, 12]

    /// Round UTC times within `start…end` (epoch ms) and their labels: `MM-DD HH:MM` under a day
    /// apart, `YYYY-MM-DD` under a month, `YYYY-MM` beyond.
    static func times(_ start: Int64, _ end: Int64, target: Int = 7) -> [(time: Int64, label: String)] {
        guard end > start else { return [(start, UTCTimestamp.iso8601(start))] }
        let rough = (end - start) / Int64(target)
        if let step = fixedSteps.first(where: { $0 >= rough }) {
            // Weeks start on Monday (1970-01-01 was a Thursday: 4 days later).
            let offset = step == 7 * day || step == 14 * day ? 4 * day : 0
            var time = ((start - offset) / step + ((start - offset) % step == 0 ? 0 : 1)) * step + offset
            var ticks: [(Int64, String)] = []
            while time <= end {
                let iso = UTCTimestamp.iso8601(time)
                ticks.append((time, step < day ? "\(iso.dropFirst(5).prefix(5)) \(iso.dropFirst(11).prefix(5))" : String(iso.prefix(10))))
                time += step
            }
            return ticks
        }
        let months = max(1, Int(rough / (30 * day)))
        let step = monthSteps.first { $0 >= months } ?? 12 * ((months + 11) / 12)
        var (year, month) = yearMonth(start)
        if firstOfMonth(year, month) < start { (year, month) = advance(year, month, by: 1) }
        while (month - 1) % step != 0 { (year, month) = advance(year, month, by: 1) }
        var ticks: [(Int64, String)] = []
        while firstOfMonth(year, month) <= end {
            let time = firstOfMonth(year, month)
            ticks.append((time, step >= 12 ? String(UTCTimestamp.iso8601(time).prefix(4)) : String(UTCTimestamp.iso8601(time).prefix(7))))
            (year, month) = advance(year, month, by: step)
        }
        return ticks
    }

    private static func yearMonth(_ time: Int64) -> (Int, Int) {
        let iso = UTCTimestamp.iso8601(time)
        return (Int(iso.prefix(4))!, Int(iso.dropFirst(5).prefix(2))!)
    }

    private static func advance(_ year: Int, _ month: Int, by months: Int) -> (Int, Int) {
        let index = year * 12 + (month - 1) + months
        return (index / 12, index % 12 + 1)
    }

    private static func firstOfMonth(_ year: Int, _ month: Int) -> Int64 {
        UTCTimestamp.startOfDay(String(format: "%04d-%02d-01", year, month))!
    }
}
