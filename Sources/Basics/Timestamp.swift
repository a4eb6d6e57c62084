import Foundation

/// The project's date formats: ISO-8601 UTC with second precision in every file and record it writes
/// (`2026-11-27T01:02:03Z`), and local time with date and zone on a terminal (`2026-11-27 10:02:03 KST`).
public enum Timestamp {
    public static func iso8601(_ date: Date) -> String {
        let p = parts(date, local: false)
        return "\(year(p.year))-\(two(p.month))-\(two(p.day))T\(two(p.hour)):\(two(p.minute)):\(two(p.second))Z"
    }

    /// Local time for a person at a terminal: date, time and the zone's abbreviation.
    public static func local(_ date: Date) -> String {
        let p = parts(date, local: true)
        return
            "\(year(p.year))-\(two(p.month))-\(two(p.day)) \(two(p.hour)):\(two(p.minute)):\(two(p.second)) \(p.zone)"
    }

    /// Parses what `iso8601` writes (and RFC 3339 with an offset or fraction); nil otherwise.
    public static func parse(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }

    private struct Parts {
        var year: Int, month: Int32, day: Int32, hour: Int32, minute: Int32, second: Int32
        var zone: String
    }

    private static func parts(_ date: Date, local: Bool) -> Parts {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var tm = tm()
        if local { localtime_r(&t, &tm) } else { gmtime_r(&t, &tm) }
        let zone = local ? (tm.tm_zone.map { String(cString: $0) } ?? "") : "UTC"
        return Parts(
            year: Int(tm.tm_year) + 1900, month: tm.tm_mon + 1, day: tm.tm_mday, hour: tm.tm_hour,
            minute: tm.tm_min, second: tm.tm_sec, zone: zone)
    }

    private static func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// Four digits at least (`0001`), as ISO 8601 writes years.
    private static func year(_ y: Int) -> String {
        let digits = String(y.magnitude)
        return (y < 0 ? "-" : "") + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
