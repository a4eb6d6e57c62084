import Basics
import Foundation
import JSONOutput

/// One line of the alert log, read back (for `newswatch tail`): either format.
public struct AlertLogLine: Sendable, Equatable {
    public var raw: String
    public var time: Date
    public var severity: String
    public var ruleID: String
    public var alertID: String
    /// The full record when the line is JSON.
    public var record: AlertRecord?

    /// Parses a text or JSON log line; nil for anything else (a torn or foreign line).
    public static func parse(_ line: String) -> AlertLogLine? {
        if line.hasPrefix("{") {
            guard let record = AlertFormatter.decode(jsonLine: line), let time = Timestamp.parse(record.time) else {
                return nil
            }
            return AlertLogLine(
                raw: line, time: time, severity: record.rule.severity, ruleID: record.rule.id, alertID: record.id,
                record: record)
        }
        let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        guard fields.count >= 3, let time = Timestamp.parse(String(fields[0])) else { return nil }
        // A later source of a story (`ALSO`) is not an alert.
        if fields[1] == "ALSO" { return nil }
        guard let idRange = line.range(of: " id=", options: .backwards) else { return nil }
        let id = String(line[idRange.upperBound...])
        return AlertLogLine(
            raw: line, time: time, severity: fields[1].lowercased(), ruleID: String(fields[2]), alertID: id, record: nil
        )
    }
}

extension AlertLogLine {
    /// A JSON line for a text log line whose full record is no longer stored (older than the state
    /// database keeps records, or the database is unreadable): what the line itself says, and the line.
    /// `{"id", "time", "rule": {"id", "severity"}, "log_line"}`
    public var summaryJSON: String {
        var w = JSONWriter()
        w.begin("{")
        w.field("id", alertID)
        w.field("time", String(raw.prefix { $0 != " " }))
        w.key("rule")
        w.begin("{")
        w.field("id", ruleID)
        w.field("severity", severity)
        w.end("}")
        w.field("log_line", raw)
        w.end("}")
        return w.text
    }
}
