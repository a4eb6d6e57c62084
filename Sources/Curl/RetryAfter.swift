import Foundation

/// Interprets an HTTP `Retry-After` value (RFC 9110 §10.2.3).
public enum RetryAfter {
    /// The delay that `value` asks for at `now`: a non-negative number of seconds, or an HTTP-date
    /// (a date in the past is `.zero`). `nil` when the value is neither.
    public static func delay(_ value: String, now: Date) -> Duration? {
        var bytes = Substring(value).utf8[...]
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        guard !bytes.isEmpty else { return nil }
        if bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // Delay-seconds; absurdly long values saturate rather than fail.
            var seconds: Int64 = 0
            for byte in bytes {
                let (times10, overflow1) = seconds.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - 0x30))
                if overflow1 || overflow2 { return .seconds(Int64.max / 2) }
                seconds = sum
            }
            return .seconds(seconds)
        }
        guard let date = HTTPDate.parse(String(Substring(bytes))) else { return nil }
        let interval = date.timeIntervalSince(now)
        guard interval > 0 else { return .zero }
        return .milliseconds(Int64((interval * 1000).rounded()))
    }
}
