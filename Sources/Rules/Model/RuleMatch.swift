/// A rule that fired on a document, with the evidence.
public struct RuleMatch: Sendable {
    public var rule: Rule
    /// Positive terms that matched, in document order (title, text, author, categories; then offset).
    public var hits: [Hit]
    /// Ids of the actors that matched, sorted.
    public var actors: [String]
}
