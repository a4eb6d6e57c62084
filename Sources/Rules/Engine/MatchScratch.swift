/// The buffers of one article's evaluation, kept for the next article: what is reused is their
/// capacity (allocating and touching fresh memory per article costs more than the matching of
/// many rules).
struct MatchScratch: Sendable {
    var keys: [UInt8] = []
    var tokens: [TokenInfo] = []
    var tokenInstance: [UInt8] = []
    var tokenWord: [Int32] = []
    var elementIndex = SlotMap(capacity: 512)
    var presentElements: [Int32] = []
    var groupStart: [Int32] = []
    var grouped: [Int32] = []
    var store: [Span] = []
    var patternSpans = SlotMap(capacity: 512)
    var leafStart: [Int32] = []
    var leafCount: [Int32] = []
    var found: [Span] = []
    var groupTerms: [Int32] = []
    var pairs: [Span] = []
    var special: [Evidence.Record] = []
    var raw: [Int64] = []
    var local: [Int32] = []
    var counts: [Int32] = []
    /// One bit per rule, all zero between uses.
    var bits: [UInt64] = []

    /// A scratch without buffers (a placeholder while the real one is lent out).
    static let empty = MatchScratch()

    /// Empties every buffer, keeping its capacity.
    mutating func reset() {
        keys.removeAll(keepingCapacity: true)
        tokens.removeAll(keepingCapacity: true)
        tokenInstance.removeAll(keepingCapacity: true)
        tokenWord.removeAll(keepingCapacity: true)
        elementIndex.removeAll()
        presentElements.removeAll(keepingCapacity: true)
        groupStart.removeAll(keepingCapacity: true)
        grouped.removeAll(keepingCapacity: true)
        store.removeAll(keepingCapacity: true)
        patternSpans.removeAll()
        leafStart.removeAll(keepingCapacity: true)
        leafCount.removeAll(keepingCapacity: true)
        found.removeAll(keepingCapacity: true)
        groupTerms.removeAll(keepingCapacity: true)
        pairs.removeAll(keepingCapacity: true)
        special.removeAll(keepingCapacity: true)
        raw.removeAll(keepingCapacity: true)
        local.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
    }
}
