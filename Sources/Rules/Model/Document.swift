/// An article as the matcher sees it: plain-text fields plus where it came from.
public struct Document: Sendable {
    /// Plain-text title.
    public var title: String
    /// Plain-text body (summary or content, HTML removed).
    public var text: String
    public var author: String
    public var categories: [String]
    /// Id of the feed the entry came from.
    public var feedID: String
    /// Tags of that feed.
    public var feedTags: [String]
    /// Host of the article link, e.g. `www.example.org`.
    public var site: String

    public init(
        title: String = "", text: String = "", author: String = "", categories: [String] = [],
        feedID: String = "", feedTags: [String] = [], site: String = ""
    ) {
        self.title = title
        self.text = text
        self.author = author
        self.categories = categories
        self.feedID = feedID
        self.feedTags = feedTags
        self.site = site
    }
}
