/// A parsed feed document: what the service and `newswatch parse` see.
public struct Feed: Sendable, Equatable {
    /// The format detected from the content.
    public var format: FeedFormat
    /// The feed's own title (plain text), if any.
    public var title: String?
    /// The feed's home page (absolute when it could be resolved), if any.
    public var link: String?
    /// The entries in document order.
    public var entries: [Entry]
    /// True when the document was not well-formed (or not validly encoded) and was recovered.
    public var malformed: Bool

    public init(
        format: FeedFormat, title: String? = nil, link: String? = nil, entries: [Entry] = [],
        malformed: Bool = false
    ) {
        self.format = format
        self.title = title
        self.link = link
        self.entries = entries
        self.malformed = malformed
    }
}
