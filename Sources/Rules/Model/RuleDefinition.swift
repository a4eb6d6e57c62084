/// A rule as read from a rules file, before compilation.
public struct RuleDefinition: Sendable {
    /// Unique rule id.
    public var id: String
    /// Human title; the id when absent.
    public var title: String?
    /// Severity of its alerts.
    public var severity: Severity
    /// Free tags copied into alerts.
    public var tags: [String]
    /// The `match:` expression and its location.
    public var match: ExpressionSource
    /// Feed selectors: a feed id or `tag:NAME`. Empty means every feed.
    public var feeds: [String]
    /// Location of the rule (its id).
    public var location: SourceLocation

    public init(
        id: String, title: String? = nil, severity: Severity = .medium, tags: [String] = [],
        match: ExpressionSource, feeds: [String] = [], location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.tags = tags
        self.match = match
        self.feeds = feeds
        self.location = location
    }
}
