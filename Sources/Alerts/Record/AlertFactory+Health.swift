import Basics
import Configuration
import Foundation

/// `feed-health` alerts (README "Feed health"): a feed that fails too long, is gone, has moved or has gone
/// quiet raises one alert per episode through the same sinks as the rules' alerts, and one more, marked
/// `recovered`, when the episode ends.
extension AlertFactory {
    /// The rule id of feed-health alerts.
    public static let healthRuleID = "feed-health"

    /// The record of an episode of `feed` (`kind` since `since`) or of its end. Its id is derived from
    /// the feed, the kind and the start of the episode, so that an episode raises one alert, and one
    /// recovery, whatever happens in between.
    public static func healthRecord(
        feed: FeedConfig, feedTitle: String?, kind: String, since: Date, message: String, severity: String,
        recovered: Bool, now: Date
    ) -> AlertRecord {
        let episode = "\(feed.id)\n\(kind)\n\(Timestamp.iso8601(since))"
        var record = AlertRecord(
            id: AlertID.make(ruleID: healthRuleID, articleKey: recovered ? episode + "\nrecovered" : episode),
            time: Timestamp.iso8601(now),
            rule: .init(id: healthRuleID, title: "Feed health", severity: severity, tags: []),
            article: .init(
                title: message, url: WebAddress.redacted(feed.url), published: nil, author: nil, entryID: kind,
                textSource: nil),
            feed: .init(id: feed.id, title: feedTitle ?? feed.title, url: WebAddress.redacted(feed.url)),
            matches: [], actors: [], snippet: message)
        record.health = .init(kind: kind, since: Timestamp.iso8601(since))
        record.recovered = recovered ? true : nil
        return record
    }
}
