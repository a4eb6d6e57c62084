import Foundation
import JSONOutput

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
        line += " feed=" + escapeBare(alert.feed.id)
        if alert.recovered == true { line += " recovered" }
        if alert.catchUp == true { line += " catch_up" }
        if alert.updated == true { line += " updated" }
        var seen = Set<String>()
        let terms = alert.matches.map(\.term).filter { seen.insert($0).inserted }
        if !terms.isEmpty {
            line += " matched=" + terms.map(escapeBare).joined(separator: ",")
        }
        line += " id=" + alert.id
        return line
    }

    /// A later source of an alert's story as a text log line: `TIME ALSO RULE ALERT-ID feed=FEED URL "TITLE"`.
    public static func textLine(_ note: SourceNote) -> String {
        note.time + " ALSO " + note.ruleID + " " + note.alertID + " feed=" + escapeBare(note.feedID) + " "
            + (note.url.map(escapeBare) ?? "-") + " \"" + escapeQuoted(note.title) + "\""
    }

    /// A later source of an alert's story as a JSON log line: `{"also", "rule", "feed", "url", "title", "time"}`.
    public static func jsonLine(_ note: SourceNote) -> String {
        var w = JSONWriter()
        w.begin("{")
        w.field("also", note.alertID)
        w.field("rule", note.ruleID)
        w.field("feed", note.feedID)
        w.field("url", note.url)
        w.field("title", note.title)
        w.field("time", note.time)
        w.end("}")
        return w.text
    }

    /// The record as one line of compact JSON (also the spool file's content, plus a newline), its keys
    /// in the order of README "Alerts": `{"id", "time", "rule": {"id", "title", "severity", "tags"}, "article":
    /// {"title", "url", "published", "author", "entry_id", "text_source", "canonical"}, "feed": {"id", "title", "url"}, "matches":
    /// [{"term", "field", "offset", "text"}], "omitted_matches" (only when hits were left out), "actors",
    /// "snippet", "story": {"id", "sources"} (unless stories are off), "health": {"kind", "since"} (feed-health
    /// alerts only), "recovered", "catch_up" and "updated" (each only when true)}`; absent values are null.
    public static func jsonLine(_ alert: AlertRecord) -> String {
        var w = JSONWriter()
        w.begin("{")
        w.field("id", alert.id)
        w.field("time", alert.time)
        w.key("rule")
        w.begin("{")
        w.field("id", alert.rule.id)
        w.field("title", alert.rule.title)
        w.field("severity", alert.rule.severity)
        w.key("tags")
        w.strings(alert.rule.tags)
        w.end("}")
        w.key("article")
        w.begin("{")
        w.field("title", alert.article.title)
        w.field("url", alert.article.url)
        w.field("published", alert.article.published)
        w.field("author", alert.article.author)
        w.field("entry_id", alert.article.entryID)
        if let source = alert.article.textSource { w.field("text_source", source) }
        w.field("canonical", alert.article.canonical)
        w.end("}")
        w.key("feed")
        w.begin("{")
        w.field("id", alert.feed.id)
        w.field("title", alert.feed.title)
        w.field("url", alert.feed.url)
        w.end("}")
        w.key("matches")
        write(alert.matches, to: &w)
        if let omitted = alert.omittedMatches { w.field("omitted_matches", omitted) }
        w.key("actors")
        w.strings(alert.actors)
        w.field("snippet", alert.snippet)
        if let story = alert.story {
            w.key("story")
            w.begin("{")
            w.field("id", story.id)
            w.field("sources", story.sources)
            w.end("}")
        }
        if let health = alert.health {
            w.key("health")
            w.begin("{")
            w.field("kind", health.kind)
            w.field("since", health.since)
            w.end("}")
        }
        if alert.recovered == true { w.field("recovered", true) }
        if alert.catchUp == true { w.field("catch_up", true) }
        if alert.updated == true { w.field("updated", true) }
        w.end("}")
        return w.text
    }

    /// `[{"term", "field", "offset", "text"}, ...]`: the matches of an alert, or of `test --json`.
    public static func write(_ matches: [AlertRecord.MatchInfo], to w: inout JSONWriter) {
        w.begin("[")
        for match in matches {
            w.separator()
            w.begin("{")
            w.field("term", match.term)
            w.field("field", match.field)
            w.field("offset", match.offset)
            w.field("text", match.text)
            w.end("}")
        }
        w.end("]")
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
            case _
            where scalar.properties.generalCategory == .control
                || scalar == "\u{2028}" || scalar == "\u{2029}":
                out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func escapeBare(_ s: String) -> String {
        String(
            String.UnicodeScalarView(
                s.unicodeScalars.map {
                    $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0
                }))
    }
}
