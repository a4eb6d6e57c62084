import Basics
import Configuration
import Feeds
import Foundation
import Rules

/// Pure: a rule match on an entry becomes an alert record (README "Alerts").
public enum AlertFactory {
    public static func document(for entry: Entry, feed: FeedConfig) -> Document {
        document(for: MatchedArticle(entry: entry), feed: feed)
    }

    /// The document the rules see: the title and the best text (README "Full article text").
    public static func document(for article: MatchedArticle, feed: FeedConfig) -> Document {
        let entry = article.entry
        return Document(
            title: entry.title, text: article.text, author: article.author ?? "", categories: entry.categories,
            feedID: feed.id, feedTags: feed.tags, site: host(of: entry.link) ?? host(of: feed.url) ?? "")
    }

    public static func record(
        match: RuleMatch, entry: Entry, feed: FeedConfig, feedTitle: String?, articleKey: String, now: Date,
        updated: Bool = false, catchUp: Bool = false
    ) -> AlertRecord {
        record(
            match: match, article: MatchedArticle(entry: entry), feed: feed, feedTitle: feedTitle,
            articleKey: articleKey, now: now, updated: updated, catchUp: catchUp)
    }

    public static func record(
        match: RuleMatch, article: MatchedArticle, feed: FeedConfig, feedTitle: String?, articleKey: String,
        now: Date, story: AlertRecord.StoryInfo? = nil, updated: Bool = false, catchUp: Bool = false
    ) -> AlertRecord {
        let entry = article.entry
        let hits = match.hits  // built when read: once
        let textHits = hits.filter { $0.field == .text }
        let titleHits = hits.filter { $0.field == .title }
        let snippet: String
        if !textHits.isEmpty {
            snippet = Snippet.make(article.text, hits: textHits)
        } else if !titleHits.isEmpty {
            snippet = Snippet.make(entry.title, hits: titleHits)
        } else {
            snippet = Snippet.make(article.text, hits: [])
        }
        return AlertRecord(
            id: AlertID.make(ruleID: match.rule.id, articleKey: articleKey),
            time: Timestamp.iso8601(now),
            rule: .init(
                id: match.rule.id, title: match.rule.title, severity: match.rule.severity.rawValue,
                tags: match.rule.tags),
            article: .init(
                title: entry.title, url: entry.link,
                published: article.published.map(Timestamp.iso8601), author: article.author, entryID: entry.id,
                textSource: article.fromPage ? "page" : "feed", canonical: article.canonical),
            feed: .init(id: feed.id, title: feedTitle ?? feed.title, url: WebAddress.redacted(feed.url)),
            matches: hits.map { .init(term: $0.term, field: $0.field.rawValue, offset: $0.offset, text: $0.text) },
            omittedMatches: match.omittedHits,
            actors: match.actors,
            snippet: snippet, story: story, catchUp: catchUp, updated: updated)
    }

    static func host(of link: String?) -> String? {
        link.flatMap(WebAddress.host(of:))
    }
}
