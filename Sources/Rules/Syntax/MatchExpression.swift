/// The parsed form of a `match:` expression (the AST).
///
/// Every node remembers where it starts in the match text (unicode-scalar offset), so that
/// later checks can point at the character.
public struct MatchExpression: Sendable, Hashable {
    public indirect enum Node: Sendable, Hashable {
        /// A word, a prefix (`word*`) or a quoted phrase, possibly `raw:`.
        case term(Term)
        /// `@id`: any name of the actor.
        case actor(String)
        /// All of the operands (explicit `AND` or adjacency).
        case and([MatchExpression])
        /// Any of the operands.
        case or([MatchExpression])
        /// `NOT x`.
        case not(MatchExpression)
        /// `a NEAR/n b` (`ordered: false`) or `a ONEAR/n b` (`ordered: true`).
        case near(MatchExpression, MatchExpression, distance: Int, ordered: Bool)
        /// `title:x`, `text:x`, `author:x`, `category:x`.
        case scope(FieldScope, MatchExpression)
        /// `site:example.org`: the article's host is this domain or one below it.
        case site(String)
        /// `feed:id`: the article comes from this feed.
        case feed(String)
    }

    public var node: Node
    /// Offset of the node's first character in the match text.
    public var offset: Int
    /// Offset of the operator (`AND`, `OR`, `NOT`, `NEAR/n`, `title:`); for an adjacency AND,
    /// the second operand; for leaves, `offset`.
    public var operatorOffset: Int

    public init(_ node: Node, offset: Int, operatorOffset: Int? = nil) {
        self.node = node
        self.offset = offset
        self.operatorOffset = operatorOffset ?? offset
    }
}

/// A field scope that restricts where words are looked for.
public enum FieldScope: String, Sendable, Hashable, CaseIterable {
    /// Title and body (the default), each searched on its own.
    case text
    case title
    case author
    case category
}

/// A word, prefix or phrase as written in a rule.
public struct Term: Sendable, Hashable {
    /// One whitespace-separated word of the term as written (without its `*`).
    public struct Word: Sendable, Hashable {
        public var text: String
        /// Written with a trailing `*`.
        public var isPrefix: Bool
        /// Offset of the word's first character in the match text.
        public var offset: Int

        public init(text: String, isPrefix: Bool, offset: Int) {
            self.text = text
            self.isPrefix = isPrefix
            self.offset = offset
        }

        /// The word as written, `*` included.
        public var written: String { isPrefix ? text + "*" : text }
    }

    public var words: [Word]
    /// Written in double quotes.
    public var isQuoted: Bool
    /// Written with `raw:` (exact case).
    public var isRaw: Bool

    public init(words: [Word], isQuoted: Bool, isRaw: Bool = false) {
        self.words = words
        self.isQuoted = isQuoted
        self.isRaw = isRaw
    }
}
