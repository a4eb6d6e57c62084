/// A compiled rule's public face: its metadata and the canonical print of its expression.
///
/// A value type with its fields in one shared, immutable object: a rule is copied into every
/// match it produces, and one reference is cheaper to copy (and to release) than seven.
public struct Rule: Sendable {
    private final class Storage: Sendable {
        let id: String
        let title: String
        let severity: Severity
        let tags: [String]
        let feeds: [FeedSelector]
        let expression: MatchExpression
        let location: SourceLocation
        let catchUp: Duration?
        let story: Bool

        init(
            id: String, title: String, severity: Severity, tags: [String], feeds: [FeedSelector],
            expression: MatchExpression, location: SourceLocation, catchUp: Duration?, story: Bool
        ) {
            self.id = id
            self.title = title
            self.severity = severity
            self.tags = tags
            self.feeds = feeds
            self.expression = expression
            self.location = location
            self.catchUp = catchUp
            self.story = story
        }
    }

    private let storage: Storage

    init(
        id: String, title: String, severity: Severity, tags: [String], feeds: [FeedSelector],
        expression: MatchExpression, location: SourceLocation, catchUp: Duration? = nil, story: Bool = true
    ) {
        storage = Storage(
            id: id, title: title, severity: severity, tags: tags, feeds: feeds, expression: expression,
            location: location, catchUp: catchUp, story: story)
    }

    public var id: String { storage.id }
    /// The title, or the id when the definition had none.
    public var title: String { storage.title }
    public var severity: Severity { storage.severity }
    public var tags: [String] { storage.tags }
    /// Feeds the rule applies to; empty means all feeds.
    public var feeds: [FeedSelector] { storage.feeds }
    /// The parsed expression.
    public var expression: MatchExpression { storage.expression }
    /// The expression printed in canonical form (explicit AND, upper-case operators, grouping),
    /// printed when asked for: only `newswatch test` shows it, and printing every rule of a big
    /// set at load time took about 8% of the compile.
    public var canonical: String { expression.canonical }
    /// Where the rule is defined.
    public var location: SourceLocation { storage.location }
    /// How far back this rule runs over kept articles when it is added or its expression changes
    /// (its own `catch_up:`); nil: the config's.
    public var catchUp: Duration? { storage.catchUp }
    /// Whether the rule alerts once per story (README "One alert per story"); `story: off` on the rule: per article.
    public var story: Bool { storage.story }

    /// Whether the rule applies to a document of this feed.
    public func applies(feedID: String, feedTags: [String]) -> Bool {
        feeds.isEmpty || feeds.contains { $0.selects(feedID: feedID, feedTags: feedTags) }
    }
}
