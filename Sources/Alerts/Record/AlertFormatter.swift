import Foundation

/// Pure formatting of alert records: the one-line text log, the JSON line, the spool file body.
public enum AlertFormatter {
    /// `2026-11-27T01:02:03Z HIGH korea-lethal-aid "Title" https://... matched="lethal aid",@south_korea id=...`
    /// Never contains a raw newline: control characters in titles become spaces, quotes are escaped.
    public static func textLine(_ alert: AlertRecord) -> String {
        var line = alert.time
        line += " " + alert.rule.severity.uppercased()
        line += " " + alert.rule.id
        line += " \"" + escapeQuoted(alert.article.title) + "\""
        line += " " + (alert.article.url.map(escapeBare) ?? "-")
        var seen = Set<String>()
        let terms = alert.matches.map(\.term).filter { seen.insert($0).inserted }
        if !terms.isEmpty {
            line += " matched=" + terms.map(escapeBare).joined(separator: ",")
        }
        line += " id=" + alert.id
        return line
    }

    /// The record as one line of compact JSON (also the spool file's content, plus a newline).
    public static func jsonLine(_ alert: AlertRecord) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(alert), let text = String(data: data, encoding: .utf8) else {
            // Encoding plain strings and numbers cannot fail; keep a valid line regardless.
            return "{\"id\":\"\(alert.id)\"}"
        }
        return text
    }

    /// Decodes a JSON line written by `jsonLine`.
    public static func decode(jsonLine: String) -> AlertRecord? {
        try? JSONDecoder().decode(AlertRecord.self, from: Data(jsonLine.utf8))
    }

    static func escapeQuoted(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.properties.generalCategory == .control
                || scalar == "\u{2028}" || scalar == "\u{2029}":
                out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func escapeBare(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map {
            $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0
        }))
    }
}
