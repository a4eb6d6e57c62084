import Foundation

/// Parser for HTTP-dates (RFC 9110 §5.6.7): IMF-fixdate, the obsolete RFC 850 form and asctime.
/// Only GMT (or UTC) is accepted; works on UTF-8 bytes, no formatter or calendar involved.
enum HTTPDate {
    private static let months: [[UInt8]] = [
        "jan", "feb", "mar", "apr", "may", "jun",
        "jul", "aug", "sep", "oct", "nov", "dec",
    ].map { Array($0.utf8) }
    private static let weekdays: [[UInt8]] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map { Array($0.utf8) }

    /// The instant `text` names, or `nil` when it is not an HTTP-date.
    static func parse(_ text: String) -> Date? {
        var day: Int?, month: Int?, year: Int?, time: (Int, Int, Int)?
        for token in text.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x2C || $0 == 0x2D || $0 == 0x09 }) {
            let bytes = Array(token)
            if bytes.contains(0x3A) {
                guard time == nil, let parsed = parseTime(bytes) else { return nil }
                time = parsed
            } else if bytes.allSatisfy(isDigit) {
                let number = bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                if bytes.count == 4, year == nil {
                    year = number
                } else if bytes.count <= 2, day == nil {
                    day = number
                } else if bytes.count == 2, year == nil {
                    year = number < 70 ? 2000 + number : 1900 + number
                } else {
                    return nil
                }
            } else if bytes.allSatisfy(isLetter) {
                let lower = bytes.map { $0 | 0x20 }
                guard lower.count >= 2 else { return nil }
                if lower == Array("gmt".utf8) || lower == Array("utc".utf8) || lower == Array("ut".utf8) {
                    continue
                }
                guard lower.count >= 3 else { return nil }
                let prefix = Array(lower.prefix(3))
                if let index = months.firstIndex(of: prefix), month == nil {
                    month = index + 1
                } else if !weekdays.contains(prefix) {
                    return nil
                }
            } else {
                return nil
            }
        }
        guard let day, let month, let year, let (hour, minute, second) = time else { return nil }
        guard day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    private static func parseTime(_ bytes: [UInt8]) -> (Int, Int, Int)? {
        let parts = bytes.split(separator: 0x3A, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(isDigit) }) else {
            return nil
        }
        let values = parts.map { $0.reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        guard values[0] <= 23, values[1] <= 59, values[2] <= 60 else { return nil }
        return (values[0], values[1], min(values[2], 59))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
