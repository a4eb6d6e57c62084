/// One occurrence of a positive term that made a rule match.
public struct Hit: Sendable, Hashable {
    /// The term as in the canonical form: `"lethal aid"` (with quotes), `supply*`, `@south_korea`, `Ukraine`.
    public var term: String
    /// The field it was found in (`.title` or `.text` for the default scope).
    public var field: Field
    /// Unicode-scalar offset into that field's plain text (for a category: into that category).
    public var offset: Int
    /// The original text that matched.
    public var text: String

    public init(term: String, field: Field, offset: Int, text: String) {
        self.term = term
        self.field = field
        self.offset = offset
        self.text = text
    }
}
