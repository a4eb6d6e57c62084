import Feeds
import Foundation

/// What the rules see of an entry (README "Full article text"): its title and the best text — the
/// article page's extracted text when it is longer than the feed's, else the feed's own — with where
/// that text came from and the page's canonical URL.
public struct MatchedArticle: Sendable {
    public var entry: Entry
    /// The text the rules match and the alert's offsets point into.
    public var text: String
    /// The text is the article page's, not the feed's.
    public var fromPage: Bool
    /// The page's canonical URL, when it gave one.
    public var canonical: String?
    /// The entry's author, or the page's when the entry names none.
    public var author: String?
    /// The entry's date, or the page's when the entry has none.
    public var published: Date?

    /// The entry as the feed carries it.
    public init(entry: Entry) {
        self.entry = entry
        text = entry.text
        fromPage = false
        canonical = nil
        author = entry.author
        published = entry.published ?? entry.updated
    }

    /// The entry with what its page gave: the page's text is used when it is longer than the feed's.
    public init(entry: Entry, pageText: String, canonical: String?, author: String?, published: Date?) {
        self.init(entry: entry)
        if pageText.unicodeScalars.count > entry.text.unicodeScalars.count {
            text = pageText
            fromPage = true
        }
        self.canonical = canonical
        if self.author == nil || self.author?.isEmpty == true { self.author = author }
        if self.published == nil { self.published = published }
    }

    /// The article key (README "Alerts"): the canonical URL's when the page gave one, so that one story
    /// reached through two feeds or two tracking links is one article; else the entry's.
    public func key(feedID: String) -> String {
        if let canonical, let key = ArticleKey.canonicalLink(canonical) { return key }
        return ArticleKey.make(link: entry.link, feedID: feedID, entryID: entry.id)
    }
}
