/// The syndication format of a parsed document, named as in README "Commands" (`parse --json`'s `format`).
public enum FeedFormat: String, Sendable, Codable, CaseIterable {
    case rss20 = "rss2.0"
    case rss09x = "rss0.9x"
    case rss10 = "rss1.0"
    case atom10 = "atom1.0"
    case atom03 = "atom0.3"
    case json10 = "json1.0"
    case json11 = "json1.1"
}
