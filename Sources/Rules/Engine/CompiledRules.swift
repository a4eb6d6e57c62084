/// One element of a pattern: a whole word or a word prefix, by id in the rule set's tables.
struct PatternElement: Sendable, Hashable {
    var isPrefix: Bool
    var id: Int32
    /// For `raw:` terms: the exact (NFKC, unfolded) form the original word must have.
    var raw: String?
    /// Both this and the previous element are characters of a script written without spaces,
    /// written together: the tokens must touch in the article too (substring semantics).
    var joined: Bool = false

    /// Id and flags as one word (patterns are interned by their elements).
    func hash(into hasher: inout Hasher) {
        hasher.combine(UInt64(UInt32(bitPattern: id)) | (isPrefix ? 1 << 32 : 0) | (joined ? 1 << 33 : 0))
        if let raw { hasher.combine(raw) }
    }
}

/// A sequence of elements that must occur on consecutive tokens of one field: a word, a
/// prefix, a phrase or an actor name. Stored once per rule set.
struct Pattern: Sendable {
    var elements: [PatternElement]
    /// Index of the element whose occurrences drive the search (the most selective one).
    var anchor: Int
}

/// Bit masks of the field instances a leaf may match in.
enum ScopeMask {
    static let title: UInt8 = 1
    static let body: UInt8 = 2
    static let author: UInt8 = 4
    static let category: UInt8 = 8
    static let text: UInt8 = title | body

    static func of(_ scope: FieldScope) -> UInt8 {
        switch scope {
        case .text: text
        case .title: title
        case .author: author
        case .category: category
        }
    }
}

/// A positive leaf of a compiled rule: a term or an actor (any of its names), in a scope. Its
/// patterns are `patternIDs[patternStart..<patternStart + patternCount]` of the compiler.
struct CompiledLeaf: Sendable {
    var patternStart: Int32
    var patternCount: Int32
    var scope: UInt8
    /// How hits are labelled, the canonical term or `@id`: an index into the compiler's labels.
    var term: Int32
    /// The actor id for actor leaves (an index into the compiler's labels), else -1.
    var actor: Int32
}

/// A rule set's expressions as the compiler emits them: the program's nodes and rule entries,
/// and leaves that still refer to patterns by id (their layout is fixed once every rule is in).
struct CompiledRules: Sendable {
    var nodes: [Program.Node] = []
    /// The children of AND and OR nodes, each node's contiguous.
    var children: [Int32] = []
    var leaves: [CompiledLeaf] = []
    var patternIDs: [Int32] = []
    var entries: [Program.RuleEntry] = []
}
