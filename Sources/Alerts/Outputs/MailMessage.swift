import Basics
import Crypto
import Foundation

/// An email for an output (README "Outputs"): one message per alert, or a digest of several. Pure: the
/// same alerts give the same message (but for `Date:`), so a message sent again after a crash carries
/// the same `Message-ID` and a mail client or the desk can tell it is a resend.
public struct MailMessage: Sendable, Equatable {
    public var from: String
    public var to: [String]
    public var subject: String
    public var messageID: String
    public var body: String
    /// Extra headers, `Name: value`, ASCII.
    public var headers: [String]

    /// One alert: the subject has the severity, the rule and the title; `Message-ID: <ALERT-ID@newswatch>`.
    public static func alert(_ alert: AlertRecord, from: String, to: [String]) -> MailMessage {
        let subject = "[\(alert.rule.severity.uppercased())] \(alert.rule.id): \(alert.article.title)"
        var body = block(alert)
        body += "\n" + alert.snippet + "\n"
        body += "\n-- \nnewswatch alert \(alert.id)\n"
        return MailMessage(
            from: from, to: to, subject: subject, messageID: "<\(alert.id)@newswatch>", body: body,
            headers: [
                "X-Newswatch-Alert: \(alert.id)", "X-Newswatch-Rule: \(asciiHeader(alert.rule.id))",
                "X-Newswatch-Severity: \(asciiHeader(alert.rule.severity))",
            ])
    }

    /// The alerts of one digest period of `output`, oldest first. The `Message-ID` names the output, the
    /// period's end and a hash of the alert ids: the same digest sent again has the same one.
    public static func digest(
        _ alerts: [AlertRecord], output: String, schedule: String, periodEnd: Date, from: String, to: [String]
    ) -> MailMessage {
        let end = Timestamp.iso8601(periodEnd)
        let ranks = ["info", "low", "medium", "high", "critical"]
        let top = alerts.map(\.rule.severity).max { (ranks.firstIndex(of: $0) ?? 0) < (ranks.firstIndex(of: $1) ?? 0) }
        let subject =
            "[\((top ?? "info").uppercased())] newswatch digest: \(alerts.count) alert\(alerts.count == 1 ? "" : "s") until \(end)"
        var body =
            "\(alerts.count) alert\(alerts.count == 1 ? "" : "s") for \(output) (digest \(schedule)), until \(end):\n"
        for (n, alert) in alerts.enumerated() {
            body += "\n\(n + 1). " + block(alert)
            let snippet = alert.snippet.count > 300 ? String(alert.snippet.prefix(300)) + "…" : alert.snippet
            if !snippet.isEmpty { body += "   " + snippet + "\n" }
        }
        body += "\n-- \nnewswatch digest \(output)\n"
        var hash = SHA256()
        for alert in alerts { hash.update(data: Data((alert.id + "\n").utf8)) }
        let tag = hash.finalize().prefix(4).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let stamp = end.filter { $0.isNumber || $0 == "T" || $0 == "Z" }
        return MailMessage(
            from: from, to: to, subject: subject, messageID: "<digest.\(output).\(stamp).\(tag)@newswatch>", body: body,
            headers: ["X-Newswatch-Digest: \(asciiHeader(output))"])
    }

    /// The lines that describe one alert (the digest indents all but the first).
    static func block(_ alert: AlertRecord) -> String {
        var lines = ["\(alert.rule.severity.uppercased()) \(alert.rule.id): \(alert.article.title)"]
        if let url = alert.article.url { lines.append("Link: \(url)") }
        lines.append("Feed: \(alert.feed.id)" + (alert.feed.title.map { " (\($0))" } ?? ""))
        if let published = alert.article.published { lines.append("Published: \(published)") }
        var seen = Set<String>()
        let terms = alert.matches.map(\.term).filter { seen.insert($0).inserted }
        if !terms.isEmpty { lines.append("Matched: " + terms.joined(separator: ", ")) }
        if let story = alert.story, story.sources > 1 { lines.append("Story: \(story.sources) sources") }
        if alert.recovered == true { lines.append("Recovered") }
        lines.append("Alert: \(alert.id) at \(alert.time)")
        return lines[0] + "\n" + lines.dropFirst().map { "   " + $0 + "\n" }.joined()
    }

    /// The message as sent: CRLF lines, headers then a quoted-printable UTF-8 body.
    public func rendered(date: Date) -> [UInt8] {
        var head = [
            "From: \(from)",
            "To: \(to.joined(separator: ", "))",
            "Subject: " + Self.encodedWords(subject),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "Auto-Submitted: auto-generated",
        ]
        head += headers
        let text = head.joined(separator: "\r\n") + "\r\n\r\n" + Self.quotedPrintable(body)
        return Array(text.utf8)
    }

    /// A header value as RFC 2047 encoded words when it is not plain ASCII; folded at 75 columns.
    static func encodedWords(_ value: String) -> String {
        let clean = value.map { $0.isNewline || $0 == "\t" ? " " : $0 }
        let text = String(clean)
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) && text.utf8.count <= 900 { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Quoted-printable (RFC 2045) of UTF-8 text with CRLF line ends: lines of at most 76 characters.
    static func quotedPrintable(_ text: String) -> String {
        var out = ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            var encoded = ""
            var width = 0
            let bytes = Array(line.utf8.filter { $0 != 0x0D })
            for (i, byte) in bytes.enumerated() {
                let last = i == bytes.count - 1
                let plain =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == 0x20 || byte == 0x09) && !last)
                let piece =
                    plain
                    ? String(UnicodeScalar(byte))
                    : "=" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
                if width + piece.count > 75 {
                    encoded += "=\r\n"
                    width = 0
                }
                encoded += piece
                width += piece.count
            }
            out += encoded
            if index < lines.count - 1 { out += "\r\n" }
        }
        return out
    }

    /// `Fri, 04 Dec 2026 08:00:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000"
    }

    private static func asciiHeader(_ value: String) -> String {
        String(value.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
    }
}
