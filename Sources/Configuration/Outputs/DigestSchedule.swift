import Foundation

/// When an output's digest is sent (README "Outputs"): `digest: 1h` gathers the alerts of each hour
/// (periods are whole multiples of the length since 1970-01-01 UTC, so `1h` ends on the hour and `1d`
/// at midnight UTC); `digest: daily 08:00 Asia/Seoul` gathers those of the day before each 08:00 in
/// that time zone (the service's local time without a zone).
public enum DigestSchedule: Sendable, Equatable, CustomStringConvertible {
    case every(Duration)
    case daily(hour: Int, minute: Int, timeZone: TimeZone)

    /// Parses `1h`, `30m`, `daily 08:00` or `daily 08:00 Asia/Seoul`; nil with what is wrong.
    public static func parse(_ text: String) -> Result<DigestSchedule, DigestScheduleError> {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let first = words.first else { return .failure(.empty) }
        if first != "daily" {
            guard words.count == 1, let length = Quantity.duration(first) else { return .failure(.notASchedule) }
            guard length >= .seconds(1) else { return .failure(.tooShort) }
            return .success(.every(length))
        }
        guard words.count == 2 || words.count == 3 else { return .failure(.notASchedule) }
        let clock = words[1].split(separator: ":")
        guard clock.count == 2, clock[0].count <= 2, clock[1].count == 2, let hour = Int(clock[0]),
            let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return .failure(.badTime(words[1])) }
        var zone = TimeZone.current
        if words.count == 3 {
            guard let named = TimeZone(identifier: words[2]) else { return .failure(.unknownZone(words[2])) }
            zone = named
        }
        return .success(.daily(hour: hour, minute: minute, timeZone: zone))
    }

    /// The end of the period that `date` falls in: the first boundary after it.
    public func periodEnd(containing date: Date) -> Date {
        switch self {
        case .every(let length):
            let seconds = max(1, Double(length.components.seconds))
            return Date(
                timeIntervalSince1970: (date.timeIntervalSince1970 / seconds).rounded(.down) * seconds + seconds)
        case .daily(let hour, let minute, let zone):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            return calendar.nextDate(
                after: date, matching: DateComponents(hour: hour, minute: minute, second: 0), matchingPolicy: .nextTime)
                ?? date.addingTimeInterval(86400)
        }
    }

    public var description: String {
        switch self {
        case .every(let length): Quantity.format(length)
        case .daily(let hour, let minute, let zone):
            "daily " + String(format: "%02d:%02d", hour, minute) + " " + zone.identifier
        }
    }
}

/// Why a `digest:` value is not a schedule.
public enum DigestScheduleError: Error, Equatable, CustomStringConvertible {
    case empty, notASchedule, tooShort
    case badTime(String)
    case unknownZone(String)

    public var description: String {
        switch self {
        case .empty, .notASchedule:
            "is not a digest schedule; write a period like 1h or 1d, or daily 08:00 with an optional time zone (daily 08:00 Asia/Seoul)"
        case .tooShort: "is too short; a digest period is at least 1s"
        case .badTime(let t): "has '\(t)' where a time of day HH:MM (00:00 to 23:59) belongs"
        case .unknownZone(let z):
            "names the time zone '\(z)', which this system does not know; use an IANA name such as Asia/Seoul or UTC"
        }
    }
}
