import Basics
import Foundation

/// Dates as feeds write them: RFC 822/2822 in its wild variants (named zones, missing seconds,
/// two-digit years, wrong or missing day names, several languages' month names), RFC 3339 / ISO 8601
/// and W3C-DTF variants. A hand-written scanner over UTF-8 bytes; no DateFormatter.
public enum FeedDate {
    /// The instant `string` denotes, or nil when it is not a recognisable date.
    /// A date without a zone is taken as UTC; one without a time as midnight.
    public static func parse(_ string: String) -> Date? {
        var string = string
        return string.withUTF8 { bytes -> Date? in
            var start = 0
            var end = bytes.count
            while start < end, isASCIIWhiteSpace(bytes[start]) { start += 1 }
            while end > start, isASCIIWhiteSpace(bytes[end - 1]) { end -= 1 }
            guard end > start, end - start <= 200 else { return nil }
            let p = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if looksISO(p), let fields = parseISO(p) { return fields.date }
            return parseLoose(p)?.date
        }
    }

    /// `2024-10-21T08:30:00Z`: whole seconds, UTC, as `parse --json` prints dates (README "Commands").
    public static func iso8601(_ date: Date) -> String {
        Timestamp.iso8601(date)
    }

    // MARK: - Fields

    struct Fields {
        var year = 0, month = 0, day = 0
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offsetMinutes = 0

        var date: Date? {
            guard year >= 1, year <= 9999, month >= 1, month <= 12, day >= 1,
                day <= CivilTime.daysInMonth(year: year, month: month),
                // Out-of-range times roll over ("T25:14:55" is 01:14:55 the next day), as feedparser does.
                hour >= 0, hour <= 47, minute >= 0, minute <= 99, second >= 0, second <= 99,
                abs(offsetMinutes) < 24 * 60
            else { return nil }
            let days = CivilTime.days(year: year, month: month, day: day)
            let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60
            return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
        }
    }

    // MARK: - ISO 8601 / RFC 3339 / W3C-DTF

    private static func looksISO(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard p.count >= 4, isDigit(p[0]), isDigit(p[1]), isDigit(p[2]), isDigit(p[3]) else { return false }
        return p.count == 4 || p[4] == UInt8(ascii: "-") || p[4] == UInt8(ascii: "/") || isDigit(p[4])
    }

    private static func parseISO(_ p: UnsafeBufferPointer<UInt8>) -> Fields? {
        var s = Scanner(p)
        var f = Fields()
        guard let year = s.number(exactly: 4) else { return nil }
        f.year = year
        f.month = 1
        f.day = 1
        if s.eat(UInt8(ascii: "-")) || s.eat(UInt8(ascii: "/")) {
            let separator = p[s.i - 1]
            guard let month = s.number(min: 1, max: 3) else { return nil }  // "2003-012-31" happens
            f.month = month
            if s.eat(separator) {
                guard let day = s.number(min: 1, max: 2) else { return nil }
                f.day = day
            }
        } else if s.peekIsDigit {
            guard let month = s.number(exactly: 2), let day = s.number(exactly: 2) else { return nil }
            f.month = month
            f.day = day
        }
        if s.atEnd { return f }
        // Time: 'T', 't' or white space, then hh[:mm[:ss[.frac]]] or hhmmss. A broken time after 'T'
        // leaves the date (at midnight), a broken zone the time (in UTC); trailing junk is ignored.
        let dateOnly = f
        let timeStart = s.i
        var hadTime = false
        let isoSeparator = s.eat(UInt8(ascii: "T")) || s.eat(UInt8(ascii: "t"))
        if isoSeparator || s.eatSpaces() {
            // After an ISO 'T' a broken time still leaves the date; after a space it may be another format.
            let broken: Fields? = isoSeparator ? dateOnly : nil
            if s.peekIsDigit {
                guard let hour = s.number(exactly: 2) else { return broken }
                f.hour = hour
                hadTime = true
                if s.eat(UInt8(ascii: ":")) {
                    guard let minute = s.number(exactly: 2) else { return broken }
                    f.minute = minute
                    if s.eat(UInt8(ascii: ":")) {
                        guard let second = s.number(exactly: 2) else { return broken }
                        f.second = second
                        f.fraction = s.fraction()
                    }
                } else if let minute = s.number(exactly: 2) {
                    f.minute = minute
                    if let second = s.number(exactly: 2) {
                        f.second = second
                        f.fraction = s.fraction()
                    }
                }
            } else {
                s.i = timeStart
            }
        }
        _ = s.eatSpaces()
        if s.atEnd { return f }
        if let offset = zone(&s) {
            f.offsetMinutes = offset
            return f
        }
        // A broken zone (or junk) after a time: the time in UTC. Without a time: not ISO after all.
        return hadTime ? f : nil
    }

    /// A zone at the scanner: Z, ±hh[:mm], ±hhmm, or a name optionally followed by ±offset.
    private static func zone(_ s: inout Scanner) -> Int? {
        if let signed = signedOffset(&s) { return signed }
        let wordStart = s.i
        while !s.atEnd, isASCIILetter(s.p[s.i]) { s.i += 1 }
        guard s.i > wordStart else { return nil }
        let word = upperASCII(UnsafeBufferPointer(rebasing: s.p[wordStart..<s.i]))
        guard var offset = DateNames.zones[word] ?? (word.utf8.count == 1 ? 0 : nil) else { return nil }
        if let extra = signedOffset(&s) { offset += extra }
        return offset
    }

    /// ±hh, ±hhmm, ±hh:mm, ±h at the scanner.
    private static func signedOffset(_ s: inout Scanner) -> Int? {
        guard !s.atEnd else { return nil }
        let sign: Int
        switch s.p[s.i] {
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"):
            sign = -1
        case 0xE2 where s.i + 2 < s.p.count && s.p[s.i + 1] == 0x88 && s.p[s.i + 2] == 0x92:
            sign = -1  // U+2212 MINUS SIGN
        default: return nil
        }
        let save = s.i
        s.i += s.p[s.i] == 0xE2 ? 3 : 1
        let digitsStart = s.i
        while !s.atEnd, isDigit(s.p[s.i]) { s.i += 1 }
        let digits = s.i - digitsStart
        var value = 0
        for k in digitsStart..<s.i { value = value * 10 + Int(s.p[k] - 0x30) }
        switch digits {
        case 1, 2:
            var minutes = value * 60
            if s.eat(UInt8(ascii: ":")) {
                guard let mm = s.number(exactly: 2) else { s.i = save; return nil }
                minutes += mm
            }
            return sign * minutes
        case 3, 4:
            return sign * ((value / 100) * 60 + value % 100)
        default:
            s.i = save
            return nil
        }
    }

    // MARK: - RFC 822 and everything else with a month name

    private static func parseLoose(_ p: UnsafeBufferPointer<UInt8>) -> Fields? {
        var s = Scanner(p)
        var f = Fields()
        var haveTime = false, haveZone = false, haveDay = false, haveYear = false
        var meridiem = 0  // 1 am, 2 pm
        var korean = false
        while !s.atEnd {
            let b = p[s.i]
            if isDigit(b) {
                let start = s.i
                while !s.atEnd, isDigit(p[s.i]) { s.i += 1 }
                let digits = s.i - start
                var value = 0
                for k in start..<s.i where k - start < 9 { value = value * 10 + Int(p[k] - 0x30) }
                if let marker = koreanMarker(p, at: s.i) {
                    // 2004년 05월 28일: year, month, day markers.
                    korean = true
                    s.i += 3
                    switch marker {
                    case 0: f.year = digits <= 2 ? 2000 + value : value; haveYear = true
                    case 1: f.month = value
                    default: f.day = value; haveDay = true
                    }
                    continue
                }
                if digits == 4, !haveYear, f.month == 0, !s.atEnd,
                    p[s.i] == UInt8(ascii: "-") || p[s.i] == UInt8(ascii: "/")
                {
                    // A numeric date before the time: 2004-05-25, 2006/09/15.
                    let separator = p[s.i]
                    let save = s.i
                    s.i += 1
                    if let month = s.number(min: 1, max: 2), s.eat(separator), let day = s.number(min: 1, max: 2) {
                        f.year = value
                        f.month = month
                        f.day = day
                        haveYear = true
                        haveDay = true
                        continue
                    }
                    s.i = save
                }
                if !haveTime, digits <= 2, s.eat(UInt8(ascii: ":")) {
                    guard let minute = s.number(min: 1, max: 2) else { return nil }
                    f.hour = value
                    f.minute = minute
                    if s.eat(UInt8(ascii: ":")) {
                        guard let second = s.number(min: 1, max: 2) else { return nil }
                        f.second = second
                        f.fraction = s.fraction()
                    }
                    haveTime = true
                } else if digits >= 3 || value > 31 {
                    guard !haveYear else { continue }
                    f.year = digits == 3 ? 1900 + value : value
                    if digits <= 2 { f.year = value < 50 ? 2000 + value : 1900 + value }
                    haveYear = true
                } else if !haveDay {
                    f.day = value
                    haveDay = true
                } else if !haveYear {
                    f.year = value < 50 ? 2000 + value : 1900 + value
                    haveYear = true
                }
            } else if b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == 0xE2 {
                if haveTime, !haveZone, let offset = signedOffset(&s) {
                    f.offsetMinutes = offset
                    haveZone = true
                } else {
                    s.i += 1
                }
            } else if isASCIILetter(b) || b >= 0x80 {
                let start = s.i
                while !s.atEnd, isASCIILetter(p[s.i]) || p[s.i] >= 0x80 { s.i += 1 }
                let word = UnsafeBufferPointer(rebasing: p[start..<s.i])
                // The last month name wins: "mar." is Tuesday in French, Spanish and Italian.
                if let month = monthNumber(word) {
                    f.month = month
                    continue
                }
                let upper = upperASCII(word)
                if upper == "AM" || word.elementsEqual(koreanAM) {
                    meridiem = 1
                    korean = korean || word.elementsEqual(koreanAM)
                } else if upper == "PM" || word.elementsEqual(koreanPM) {
                    meridiem = 2
                    korean = korean || word.elementsEqual(koreanPM)
                } else if !haveZone, haveTime,
                    let offset = DateNames.zones[upper] ?? (word.count == 1 && b <= 0x5A ? 0 : nil)
                {
                    f.offsetMinutes = offset
                    if let extra = signedOffset(&s) { f.offsetMinutes += extra }
                    haveZone = true
                }
            } else {
                s.i += 1
            }
        }
        guard f.month != 0, haveDay, haveYear else { return nil }
        if korean, !haveZone { f.offsetMinutes = 9 * 60 }  // Korean blog software writes KST
        if meridiem != 0, haveTime {
            guard f.hour >= 1, f.hour <= 12 else { return nil }
            if meridiem == 2, f.hour < 12 { f.hour += 12 }
            if meridiem == 1, f.hour == 12 { f.hour = 0 }
        }
        return f
    }

    /// 년 (year), 월 (month), 일 (day) at `i`: 0, 1, 2.
    private static func koreanMarker(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        guard i + 2 < p.count else { return nil }
        switch (p[i], p[i + 1], p[i + 2]) {
        case (0xEB, 0x85, 0x84): return 0
        case (0xEC, 0x9B, 0x94): return 1
        case (0xEC, 0x9D, 0xBC): return 2
        default: return nil
        }
    }

    /// 오전 (a.m.) and 오후 (p.m.) in UTF-8.
    private static let koreanAM: [UInt8] = [0xEC, 0x98, 0xA4, 0xEC, 0xA0, 0x84]
    private static let koreanPM: [UInt8] = [0xEC, 0x98, 0xA4, 0xED, 0x9B, 0x84]

    private static func monthNumber(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
        guard word.count >= 3 else { return nil }
        if word.allSatisfy({ $0 < 0x80 }) {
            let lower = String(unsafeUninitializedCapacity: word.count) { buffer in
                for k in 0..<word.count { buffer[k] = word[k] | (isASCIILetter(word[k]) ? 0x20 : 0) }
                return word.count
            }
            return DateNames.months[lower]
        }
        return DateNames.months[String(decoding: word, as: UTF8.self).lowercased()]
    }

    private static func upperASCII(_ word: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: word.count) { buffer in
            for k in 0..<word.count {
                let b = word[k]
                buffer[k] = (b >= 0x61 && b <= 0x7A) ? b - 0x20 : b
            }
            return word.count
        }
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    /// A cursor over the bytes of a date.
    struct Scanner {
        let p: UnsafeBufferPointer<UInt8>
        var i = 0
        init(_ p: UnsafeBufferPointer<UInt8>) { self.p = p }

        var atEnd: Bool { i >= p.count }
        var peekIsDigit: Bool { i < p.count && FeedDate.isDigit(p[i]) }

        mutating func eat(_ b: UInt8) -> Bool {
            guard i < p.count, p[i] == b else { return false }
            i += 1
            return true
        }

        mutating func eatSpaces() -> Bool {
            let start = i
            while i < p.count, isASCIIWhiteSpace(p[i]) { i += 1 }
            return i > start
        }

        mutating func number(exactly n: Int) -> Int? { number(min: n, max: n) }

        mutating func number(min: Int, max: Int) -> Int? {
            var value = 0
            var count = 0
            while count < max, i < p.count, FeedDate.isDigit(p[i]) {
                value = value * 10 + Int(p[i] - 0x30)
                i += 1
                count += 1
            }
            return count >= min ? value : nil
        }

        /// `.123` or `,123` seconds fraction (0 when absent).
        mutating func fraction() -> Double {
            guard i + 1 < p.count, p[i] == UInt8(ascii: ".") || p[i] == UInt8(ascii: ","),
                FeedDate.isDigit(p[i + 1])
            else { return 0 }
            i += 1
            var value = 0.0
            var scale = 0.1
            while i < p.count, FeedDate.isDigit(p[i]) {
                value += Double(p[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            return value
        }
    }
}
