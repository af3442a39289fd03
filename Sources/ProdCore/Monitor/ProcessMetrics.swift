import Foundation

/// Resident memory and CPU time of this process, from /proc (Linux); `nil` elsewhere.
enum ProcessMetrics {
    struct Reading {
        var residentBytes: Double
        var cpuSeconds: Double
    }

    static func read() -> Reading? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let afterName = stat.range(of: ") ", options: .backwards)
        else { return nil }
        // Fields after the command name start at field 3 (state): utime and stime are fields 14 and 15.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        let pages = statm.split(separator: " ")
        guard fields.count > 12, pages.count > 1, let user = Double(fields[11]), let system = Double(fields[12]), let resident = Double(pages[1]) else {
            return nil
        }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        return Reading(residentBytes: resident * pageSize, cpuSeconds: (user + system) / ticks)
    }
}
