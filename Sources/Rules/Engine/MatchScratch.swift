/// The buffers of one article's evaluation, kept for the next article: what is reused is their
/// capacity (allocating and touching fresh memory per article costs more than the matching of
/// many rules). Each buffer is declared here and emptied in `reset`, and nowhere else: the
/// `MatchContext` reads and writes them as `scratch.name`.
struct MatchScratch: Sendable {
    // MARK: Tokens and lookup

    /// The article's tokens, every field instance one after another.
    var stream = TokenStream()
    /// Per token: its field instance, and its word id (-1: not a rule word).
    var tokenInstance: [UInt8] = []
    var tokenWord: [Int32] = []
    /// Element id → index into `presentElements` / `groupStart`.
    var elementIndex = SlotMap(capacity: 512)
    /// The distinct elements present, in order of first occurrence.
    var presentElements: [Int32] = []
    /// Tokens where present element `i` occurs: `grouped[groupStart[i]..<groupStart[i + 1]]`.
    var groupStart: [Int32] = []
    var grouped: [Int32] = []
    /// Buffers of `lookUp`: `element << 32 | token` per occurrence, its group, and group sizes.
    var raw: [Int64] = []
    var local: [Int32] = []
    var counts: [Int32] = []

    // MARK: Spans

    /// Every span computed for the article.
    var store: [Span] = []
    /// Pattern (its offset in the program's `elements`) → `start << 32 | count` in `store`.
    var patternSpans = SlotMap(capacity: 512)
    /// For the rule being evaluated, per leaf: start in `store` (-1: not computed yet) and count.
    var leafStart: [Int32] = []
    var leafCount: [Int32] = []

    // MARK: Explanation

    /// The leaf spans that make the rule being explained true.
    var found: [Span] = []
    /// The terms seen at one place of the rule being explained.
    var groupTerms: [Int32] = []
    /// NEAR pairs, used as a stack (each call appends its own and removes them).
    var pairs: [Span] = []
    /// `feed:`/`site:` conditions of the rule being explained.
    var special: [Evidence.Record] = []
    /// Hits kept so far per term (by label index) in one field, all zero between uses (so not
    /// emptied by `reset`), and the terms counted (`match(rule:)` zeroes their counts).
    var termHits: [Int32] = []
    var countedTerms: [Int32] = []

    // MARK: Presearch

    /// One bit per rule, all zero between uses (so not emptied by `reset`).
    var bits: [UInt64] = []

    /// Empties every buffer, keeping its capacity.
    mutating func reset() {
        stream.keys.removeAll(keepingCapacity: true)
        stream.tokens.removeAll(keepingCapacity: true)
        tokenInstance.removeAll(keepingCapacity: true)
        tokenWord.removeAll(keepingCapacity: true)
        elementIndex.removeAll()
        presentElements.removeAll(keepingCapacity: true)
        groupStart.removeAll(keepingCapacity: true)
        grouped.removeAll(keepingCapacity: true)
        raw.removeAll(keepingCapacity: true)
        local.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
        store.removeAll(keepingCapacity: true)
        patternSpans.removeAll()
        leafStart.removeAll(keepingCapacity: true)
        leafCount.removeAll(keepingCapacity: true)
        found.removeAll(keepingCapacity: true)
        groupTerms.removeAll(keepingCapacity: true)
        pairs.removeAll(keepingCapacity: true)
        special.removeAll(keepingCapacity: true)
        countedTerms.removeAll(keepingCapacity: true)
    }
}
