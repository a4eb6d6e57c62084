/// A token of the expression language.
struct LexToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A bare word, possibly with `*` (as written).
        case word(String)
        /// A quoted phrase: its content, starting at `start + 1`.
        case phrase(String)
        case openParen
        case closeParen
        case and
        case or
        case not
        case near(distance: Int, ordered: Bool)
        /// `@id`
        case actor(String)
        /// `name:` (lower-cased known field name, or `raw`).
        case field(String)
    }

    var kind: Kind
    /// Scalar offset of the first character.
    var start: Int
    /// Scalar offset just past the last character.
    var end: Int
}
