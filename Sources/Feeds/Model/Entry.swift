import Foundation

/// One item of a feed, reduced to plain-text fields.
public struct Entry: Sendable, Equatable {
    /// Never empty: guid / atom:id / JSON id; else the link; else `urn:newswatch:<16 hex>` derived
    /// from title and text (see ``EntryIdentity``).
    public var id: String
    /// Plain text, "" when none.
    public var title: String
    /// Absolute URL when it could be resolved (xml:base, the feed's link, the fetch URL).
    public var link: String?
    public var published: Date?
    public var updated: Date?
    public var author: String?
    public var categories: [String]
    /// Plain text of the description/summary ("" when none).
    public var summary: String
    /// Plain text of the full content (content:encoded, atom:content, content_html/text), "" when none.
    public var content: String

    /// What `parse` shows and rules match: the full content when there is one, else the summary.
    public var text: String { content.isEmpty ? summary : content }

    public init(
        id: String, title: String = "", link: String? = nil, published: Date? = nil,
        updated: Date? = nil, author: String? = nil, categories: [String] = [],
        summary: String = "", content: String = ""
    ) {
        self.id = id
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.author = author
        self.categories = categories
        self.summary = summary
        self.content = content
    }
}
