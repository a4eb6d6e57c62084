import Configuration
import Foundation
import JSONOutput

/// What a webhook output posts for one alert (README "Outputs"): the alert record as JSON (the spool
/// file's content), a Slack-style `{"text": ...}` message (Slack, Mattermost, Matrix hookshot, Discord's
/// Slack-compatible endpoint), or plain text (ntfy and the like). Pure.
public struct WebhookBody: Sendable, Equatable {
    public var contentType: String
    public var bytes: [UInt8]

    public static func make(_ alert: AlertRecord, format: OutputConfig.Format) -> WebhookBody {
        switch format {
        case .json:
            return WebhookBody(contentType: "application/json", bytes: Array(AlertFormatter.jsonLine(alert).utf8))
        case .slack:
            var w = JSONWriter()
            w.begin("{")
            w.field("text", slackText(alert))
            w.end("}")
            return WebhookBody(contentType: "application/json", bytes: w.bytes)
        case .text:
            return WebhookBody(contentType: "text/plain; charset=utf-8", bytes: Array(plainText(alert).utf8))
        }
    }

    /// `*HIGH* dprk-missile: <URL|Title>` then the snippet, with Slack's three escapes.
    static func slackText(_ alert: AlertRecord) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        let title = escape(alert.article.title).replacingOccurrences(of: "|", with: "¦")
        let link = alert.article.url.map { "<\(escape($0))|\(title)>" } ?? title
        var text = "*\(alert.rule.severity.uppercased())* \(escape(alert.rule.id)): \(link)"
        text += "\n_\(escape(alert.feed.id))_"
        if let story = alert.story, story.sources > 1 { text += " · \(story.sources) sources" }
        if alert.recovered == true { text += " · recovered" }
        if !alert.snippet.isEmpty { text += "\n" + escape(alert.snippet) }
        return text
    }

    /// `HIGH dprk-missile: Title`, the link, the feed and the snippet, one per line.
    static func plainText(_ alert: AlertRecord) -> String {
        var text = "\(alert.rule.severity.uppercased()) \(alert.rule.id): \(alert.article.title)\n"
        if let url = alert.article.url { text += url + "\n" }
        text += "feed: \(alert.feed.id)"
        if alert.recovered == true { text += " (recovered)" }
        text += "\n"
        if !alert.snippet.isEmpty { text += alert.snippet + "\n" }
        return text
    }
}
