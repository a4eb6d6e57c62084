import Foundation
import Rules

/// One configured feed.
public struct FeedConfig: Sendable, Equatable {
    public var id: String
    public var url: String
    public var title: String?
    /// This feed's interval; nil means the global `fetch.interval`.
    public var interval: Duration?
    public var tags: [String]
    /// This feed's `article:`; nil means the global `fetch.article`.
    public var article: ArticleMode?
    /// This feed's `quiet_after:`; nil means the global `health.quiet_after`.
    public var quietAfter: Duration?
    /// Where the feed was declared (for messages).
    public var location: SourceLocation

    public init(
        id: String, url: String, title: String? = nil, interval: Duration? = nil, tags: [String] = [],
        location: SourceLocation
    ) {
        self.id = id
        self.url = url
        self.title = title
        self.interval = interval
        self.tags = tags
        self.location = location
    }

    /// The id a feed gets when the config names none: a slug of the URL's host and path
    /// (`https://example.org/feed.atom` → `example-org-feed-atom`).
    public static func slug(for url: String) -> String {
        let parts = URLComponents(string: url)
        var raw = (parts?.host ?? "") + (parts?.path ?? "")
        if raw.hasPrefix("www.") { raw.removeFirst(4) }
        var slug = ""
        var lastDash = true
        for scalar in raw.lowercased().unicodeScalars {
            if scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) {
                slug.unicodeScalars.append(scalar)
                lastDash = false
            } else if !lastDash {
                slug += "-"
                lastDash = true
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "feed" : slug
    }
}
