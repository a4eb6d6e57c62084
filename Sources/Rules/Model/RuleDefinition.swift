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
    /// The rule's own `catch_up:` window; nil: the config's.
    public var catchUp: Duration?
    /// `story: off` on the rule: one alert per article, not per story.
    public var story: Bool = true
    /// Problems were found in the rule's other keys (and reported there). Its id and expression are still
    /// checked, so that every problem is reported at once, but it is left out of the rule set. An empty
    /// id (a rule without a valid one) is not checked for duplicates.
    public var checkOnly: Bool = false

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

    /// How messages name the rule: `rule 'ID'`, or `this rule` when it has no valid id.
    public var label: String { id.isEmpty ? "this rule" : "rule '\(id)'" }
}
