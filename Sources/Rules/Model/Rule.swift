/// A compiled rule's public face: its metadata and the canonical print of its expression.
public struct Rule: Sendable {
    public var id: String
    /// The title, or the id when the definition had none.
    public var title: String
    public var severity: Severity
    public var tags: [String]
    /// Feeds the rule applies to; empty means all feeds.
    public var feeds: [FeedSelector]
    /// The parsed expression.
    public var expression: MatchExpression
    /// The expression printed in canonical form (explicit AND, upper-case operators, grouping),
    /// printed when asked for: only `newswatch test` shows it, and printing every rule of a big
    /// set at load time took about 8% of the compile.
    public var canonical: String { expression.canonical }
    /// Where the rule is defined.
    public var location: SourceLocation

    /// Whether the rule applies to a document of this feed.
    public func applies(feedID: String, feedTags: [String]) -> Bool {
        feeds.isEmpty || feeds.contains { $0.selects(feedID: feedID, feedTags: feedTags) }
    }
}
