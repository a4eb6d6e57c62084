/// A run of consecutive tokens in one field instance that satisfied a pattern or a NEAR.
/// `start` and `end` index the context's token stream (all instances one after another).
struct Span: Sendable, Hashable {
    var instance: Int32
    var start: Int32
    /// Last token (inclusive).
    var end: Int32
    /// The leaf that produced it, or -1 for a pattern or NEAR span.
    var leaf: Int32

    func contains(_ other: Span) -> Bool {
        instance == other.instance && start <= other.start && other.end <= end
    }

    /// Whether `x` and `y` are within `n` words of each other (`x` first when `ordered`).
    @inline(__always)
    static func near(_ x: Span, _ y: Span, _ n: Int32, ordered: Bool) -> Bool {
        guard x.instance == y.instance else { return false }
        if x.end < y.start { return y.start - x.end - 1 <= n }
        if y.end < x.start { return !ordered && x.start - y.end - 1 <= n }
        return false
    }
}

/// The per-article state of an evaluation: the article's tokens (every field instance in one
/// stream), the rule-set elements found in one pass over them, and every span computed so far.
///
/// All spans live in one buffer (`store`) and are handed around as index ranges into it, and
/// the compiled rules are read through the program's frozen buffers, so that evaluating a rule
/// allocates nothing per pattern, leaf or operator.
struct MatchContext {
    private let set: RuleSet
    private let document: Document
    // The program, read through pointers (kept alive by `set`).
    private let nodes: UnsafeBufferPointer<Program.Node>
    private let children: UnsafeBufferPointer<Int32>
    private let leaves: UnsafeBufferPointer<Program.Leaf>
    private let leafPatterns: UnsafeBufferPointer<Int32>
    private let elements: UnsafeBufferPointer<Program.Element>
    private let ruleEntries: UnsafeBufferPointer<Program.RuleEntry>
    /// The program's strings (one reference per article, not one per use).
    private let strings: [String]
    /// Number of words of the rule set: prefix `p` is element `wordCount + p`.
    private let wordCount: Int32

    /// Field instances: title, body, author, then one per category; instance `i` owns tokens
    /// `instanceBase[i]..<instanceBase[i + 1]` of `stream`.
    private var stream = TokenStream()
    private var texts: [String] = []
    private var instanceBase: [Int32] = [0]
    private var instanceMask: [UInt8] = []
    private var instanceField: [Field] = []
    /// Per token: its instance, and its word id (-1: not a rule word).
    private var tokenInstance: [UInt8] = []
    private var tokenWord: [Int32] = []
    /// Element id → index into `presentElements` / `groupStart`.
    private let elementIndex: SlotMap
    /// The distinct elements present, in order of first occurrence.
    private var presentElements: [Int32] = []
    /// Tokens where present element `i` occurs: `grouped[groupStart[i]..<groupStart[i + 1]]`.
    private var groupStart: [Int32] = []
    private var grouped: [Int32] = []
    /// Every span computed for this article.
    private var store: [Span] = []
    /// Pattern (its offset in the program's `elements`) → `start << 32 | count` in `store`.
    private let patternSpans: SlotMap
    /// For the rule being evaluated, per leaf: start in `store` (-1: not computed yet) and count.
    private var leafStart: [Int32] = []
    private var leafCount: [Int32] = []
    private var leafBase: Int32 = 0
    /// The hits of the rules that fired so far (handed to the article's `Evidence`).
    private var records: [Evidence.Record] = []
    /// Explanation buffers, reused from rule to rule (and, through the scratch, from article to
    /// article).
    private var found: [Span] = []
    private var groupTerms: [Int32] = []
    /// NEAR pairs of `collect`, used as a stack (each call appends its own and removes them).
    private var pairs: [Span] = []
    private var special: [Evidence.Record] = []
    /// Buffers of `lookUp` and `candidates`.
    private var raw: [Int64]
    private var local: [Int32]
    private var counts: [Int32]
    private var bits: [UInt64]

    private static let maxInstances = 255

    init(ruleSet: RuleSet, document: Document, scratch: consuming MatchScratch = MatchScratch()) {
        set = ruleSet
        self.document = document
        var scratch = consume scratch
        stream.keys = scratch.keys
        stream.tokens = scratch.tokens
        tokenInstance = scratch.tokenInstance
        tokenWord = scratch.tokenWord
        elementIndex = scratch.elementIndex
        presentElements = scratch.presentElements
        groupStart = scratch.groupStart
        grouped = scratch.grouped
        store = scratch.store
        patternSpans = scratch.patternSpans
        leafStart = scratch.leafStart
        leafCount = scratch.leafCount
        found = scratch.found
        groupTerms = scratch.groupTerms
        pairs = scratch.pairs
        special = scratch.special
        raw = scratch.raw
        local = scratch.local
        counts = scratch.counts
        bits = scratch.bits
        scratch = MatchScratch.empty
        let program = ruleSet.program
        nodes = program.nodes.buffer
        children = program.children.buffer
        leaves = program.leaves.buffer
        leafPatterns = program.leafPatterns.buffer
        elements = program.elements.buffer
        ruleEntries = program.ruleEntries.buffer
        strings = program.strings
        wordCount = Int32(ruleSet.words.count)
        add(document.title, mask: ScopeMask.title, field: .title)
        add(document.text, mask: ScopeMask.body, field: .text)
        add(document.author, mask: ScopeMask.author, field: .author)
        for category in document.categories.prefix(Self.maxInstances - 3) {
            add(category, mask: ScopeMask.category, field: .category)
        }
        // Padding: the lookups read keys eight bytes at a time.
        stream.keys.append(contentsOf: repeatElement(0, count: 8))
        lookUp()
    }

    /// Gives the buffers back, for the next article.
    consuming func scratch() -> MatchScratch {
        var s = MatchScratch.empty
        s.keys = stream.keys
        s.tokens = stream.tokens
        s.tokenInstance = tokenInstance
        s.tokenWord = tokenWord
        s.elementIndex = elementIndex
        s.presentElements = presentElements
        s.groupStart = groupStart
        s.grouped = grouped
        s.store = store
        s.patternSpans = patternSpans
        s.leafStart = leafStart
        s.leafCount = leafCount
        s.found = found
        s.groupTerms = groupTerms
        s.pairs = pairs
        s.special = special
        s.raw = raw
        s.local = local
        s.counts = counts
        s.bits = bits
        return s
    }

    private mutating func add(_ text: String, mask: UInt8, field: Field) {
        let instance = UInt8(texts.count)
        Tokenizer.tokenize(text, into: &stream)
        texts.append(text)
        tokenInstance.append(contentsOf: repeatElement(instance, count: stream.tokens.count - tokenInstance.count))
        instanceBase.append(Int32(stream.tokens.count))
        instanceMask.append(mask)
        instanceField.append(field)
    }

    /// Looks every token up in the rule set's words and prefixes, then groups the occurrences
    /// by element (a counting sort: no comparison sort per article).
    private mutating func lookUp() {
        let words = set.words.view
        let prefixes = set.prefixes.view
        var raw = self.raw  // element << 32 | token
        self.raw = []
        var tokenWord = self.tokenWord
        self.tokenWord = []
        tokenWord.append(contentsOf: repeatElement(-1, count: stream.tokens.count))
        let lengths = set.prefixLengths
        let lengthBits = set.prefixLengthBits
        raw.reserveCapacity(stream.tokens.count * 2)
        tokenWord.withUnsafeMutableBufferPointer { tokenWord in
            stream.keys.withUnsafeBufferPointer { keys in
                stream.tokens.withUnsafeBufferPointer { tokens in
                    guard let keyBase = keys.baseAddress else { return }
                    for (t, token) in tokens.enumerated() {
                        let start = Int(token.keyStart)
                        let count = Int(token.keyEnd) - start
                        let base = keyBase + start
                        let p = UnsafeRawPointer(base)
                        let head = ByteTable.head(p, count)
                        // Prefix keys of lengths 1...count (a bit set per length that some key
                        // has); lengths of 4 and more only if some key starts like the token.
                        var prefixLengths = count < 63 ? lengthBits & ((2 << UInt64(count)) - 1) : lengthBits
                        let mayStart = prefixes.mayStart(head: head)
                        if !mayStart { prefixLengths &= 0b1111 }
                        while prefixLengths != 0 {
                            let k = prefixLengths.trailingZeroBitCount
                            prefixLengths &= prefixLengths - 1
                            let h = ByteTable.hash(p, k)
                            guard prefixes.mayContain(hash: h) else { continue }
                            let id = prefixes.find(base, k, hash: h, head: ByteTable.head(p, k))
                            if id >= 0 { raw.append(Int64(wordCount + id) << 32 | Int64(t)) }
                        }
                        if count >= 64 && lengths.count > 64 && mayStart {
                            // Rare: keys longer than the bit set covers.
                            for k in 64...min(count, lengths.count - 1) where lengths[k] {
                                let h = ByteTable.hash(p, k)
                                let id = prefixes.find(base, k, hash: h, head: ByteTable.head(p, k))
                                if id >= 0 { raw.append(Int64(wordCount + id) << 32 | Int64(t)) }
                            }
                        }
                        let h = ByteTable.hash(p, count)
                        // The filter is small enough to stay in cache: most tokens that are no
                        // rule word are settled without touching the (big) table.
                        let w = words.mayContain(hash: h) ? words.find(base, count, hash: h, head: head) : -1
                        tokenWord[t] = w
                        if w >= 0 { raw.append(Int64(w) << 32 | Int64(t)) }
                    }
                }
            }
        }
        self.tokenWord = tokenWord
        var local = self.local
        self.local = []
        var counts = self.counts
        self.counts = []
        local.append(contentsOf: repeatElement(0, count: raw.count))
        raw.withUnsafeBufferPointer { raw in
            local.withUnsafeMutableBufferPointer { local in
                for (k, o) in raw.enumerated() {
                    let e = Int32(truncatingIfNeeded: o >> 32)
                    let i: Int32
                    if let known = elementIndex.get(e) {
                        i = Int32(truncatingIfNeeded: known)
                        counts[Int(i)] += 1
                    } else {
                        i = Int32(presentElements.count)
                        elementIndex.set(e, Int64(i))
                        presentElements.append(e)
                        counts.append(1)
                    }
                    local[k] = i
                }
            }
        }
        groupStart.reserveCapacity(counts.count + 1)
        groupStart.append(0)
        var total: Int32 = 0
        for c in counts {
            total += c
            groupStart.append(total)
        }
        grouped.append(contentsOf: repeatElement(0, count: raw.count))
        raw.withUnsafeBufferPointer { raw in
        local.withUnsafeBufferPointer { local in
        counts.withUnsafeMutableBufferPointer { counts in
        groupStart.withUnsafeBufferPointer { groupStart in
        grouped.withUnsafeMutableBufferPointer { grouped in
            // `counts` becomes the fill cursor of each group.
            for i in counts.indices { counts[i] = groupStart[i] }
            for (k, o) in raw.enumerated() {
                let i = Int(local[k])
                grouped[Int(counts[i])] = Int32(truncatingIfNeeded: o)
                counts[i] += 1
            }
        }
        }
        }
        }
        }
        self.raw = raw
        self.local = local
        self.counts = counts
    }

    // MARK: Presearch

    /// Rules that can possibly match: those registered under a present element, plus the
    /// always-evaluated ones; in rule order.
    mutating func candidates() -> [Int32] {
        let ruleCount = set.rules.count
        var bits = self.bits
        self.bits = []
        if bits.count < (ruleCount + 63) / 64 {
            bits.append(contentsOf: repeatElement(0, count: (ruleCount + 63) / 64 - bits.count))
        }
        defer { self.bits = bits }
        set.postingStarts.withUnsafeBufferPointer { starts in
            set.postings.withUnsafeBufferPointer { postings in
                for e in presentElements
                where set.elementHasPostings[Int(e) >> 6] & (1 << UInt64(e & 63)) != 0 {
                    var i = Int(starts[Int(e)])
                    let hi = Int(starts[Int(e) + 1])
                    while i < hi {
                        let r = Int(postings[i])
                        bits[r >> 6] |= 1 << UInt64(r & 63)
                        i += 1
                    }
                }
            }
        }
        for r in set.alwaysCandidates { bits[Int(r) >> 6] |= 1 << UInt64(r & 63) }
        var out: [Int32] = []
        for w in bits.indices where bits[w] != 0 {
            var x = bits[w]
            bits[w] = 0  // all zero again for the next article
            while x != 0 {
                out.append(Int32(w * 64 + x.trailingZeroBitCount))
                x &= x - 1
            }
        }
        return out
    }

    /// Reads the first words of the candidates' compiled rules (entry, root node, first leaf,
    /// and the pattern of one-pattern leaves), one level after the other: the loads of one level
    /// do not depend on each other, so the processor has them all in flight at once. With a big
    /// rule set these are cache misses, which evaluating the rules one by one would take one
    /// after the other.
    /// Returns a sum of what it read, for the caller to keep (else the loads would be dead
    /// code to the optimizer).
    func warm(_ candidates: [Int32]) -> Int32 {
        let entries = ruleEntries
        var sum: Int32 = 0
        for r in candidates { sum &+= entries[Int(r)].root }
        for r in candidates {
            let entry = entries[Int(r)]
            sum &+= nodes[Int(entry.root)].a
            if entry.leafEnd > entry.leafStart { sum &+= leaves[Int(entry.leafStart)].onlyPattern }
        }
        for r in candidates {
            let entry = entries[Int(r)]
            for l in Int(entry.leafStart)..<Int(entry.leafEnd) {
                let p = leaves[l].onlyPattern
                if p >= 0 { sum &+= elements[Int(p)].id }
            }
        }
        return sum
    }

    // MARK: Patterns

    /// The occurrences of the pattern at offset `p` of the program's `elements`.
    private mutating func spans(ofPattern p: Int32) -> Range<Int> {
        if let cached = patternSpans.get(p) {
            let start = Int(cached >> 32)
            return start..<(start + Int(cached & 0xFFFF_FFFF))
        }
        let first = store.count
        let header = elements[Int(p)]
        let elementsStart = Int(p) + 1
        let length = Int(header.id)
        let anchorIndex = Int(header.raw)
        let anchor = elements[elementsStart + anchorIndex]
        let element = elementID(anchor.id, isPrefix: anchor.isPrefix)
        if let g = elementIndex.get(element) {
            for i in Int(groupStart[Int(g)])..<Int(groupStart[Int(g) + 1]) {
                let token = Int(grouped[i])
                let instance = Int(tokenInstance[token])
                let start = token - anchorIndex
                let end = start + length - 1
                guard start >= Int(instanceBase[instance]), end < Int(instanceBase[instance + 1]) else { continue }
                var ok = true
                for k in 0..<length {
                    let e = elements[elementsStart + k]
                    if e.joined && !stream.tokens[start + k - 1].touches(stream.tokens[start + k]) {
                        ok = false
                        break
                    }
                    if k == anchorIndex && e.raw < 0 { continue }
                    if !matches(e, token: start + k) {
                        ok = false
                        break
                    }
                }
                if ok { store.append(Span(instance: Int32(instance), start: Int32(start), end: Int32(end), leaf: -1)) }
            }
        }
        patternSpans.set(p, Int64(first) << 32 | Int64(store.count - first))
        return first..<store.count
    }

    private func matches(_ e: Program.Element, token t: Int) -> Bool {
        if e.isPrefix {
            let token = stream.tokens[t]
            let prefixes = set.prefixes
            let prefix = prefixes.key(e.id)
            let length = Int(token.keyEnd - token.keyStart)
            guard prefix.count <= length else { return false }
            let start = Int(token.keyStart)
            var k = 0
            for b in prefix {
                if stream.keys[start + k] != b { return false }
                k += 1
            }
        } else if tokenWord[t] != e.id {
            return false
        }
        if e.raw >= 0 {
            let raw = strings[Int(e.raw)]
            let form = RawForm.of(original(from: t, through: t))
            return e.isPrefix ? form.hasPrefix(raw) : form == raw
        }
        return true
    }

    /// The original text of tokens `first...last` (of one instance).
    private func original(from first: Int, through last: Int) -> String {
        texts[Int(tokenInstance[first])].utf8Slice(Int(stream.tokens[first].utf8Start), Int(stream.tokens[last].utf8End))
    }

    // MARK: Evaluation

    /// The spans of a leaf in its scope, labelled with the leaf; for several patterns (an
    /// actor's names), sorted and with one span per start (the longest).
    private mutating func leafSpans(_ l: Int32) -> Range<Int> {
        let slot = Int(l - leafBase)
        let cachedStart = Int(leafStart[slot])
        if cachedStart >= 0 { return cachedStart..<(cachedStart + Int(leafCount[slot])) }
        let leaf = leaves[Int(l)]
        if leaf.onlyPattern >= 0 {
            // One pattern: an absent anchor means no spans (as `spans(ofPattern:)` would find).
            let pattern = isPresent(leaf) ? spans(ofPattern: leaf.onlyPattern) : 0..<0
            let first = store.count
            copy(pattern, leaf: l, scope: leaf.scope)
            leafStart[slot] = Int32(first)
            leafCount[slot] = Int32(store.count - first)
            return first..<store.count
        }
        let patterns = Int(leaf.patternStart)..<Int(leaf.patternStart + leaf.patternCount)
        var only: Range<Int> = 0..<0
        var several = false
        for i in patterns {
            let r = spans(ofPattern: leafPatterns[i])
            if !r.isEmpty {
                if !only.isEmpty { several = true }
                only = r
            }
        }
        let first = store.count
        if several {
            for i in patterns {
                let r = spans(ofPattern: leafPatterns[i])  // cached now
                copy(r, leaf: l, scope: leaf.scope)
            }
            if store.count - first > 1 {
                store.withUnsafeMutableBufferPointer { buffer in
                    Self.sortSpans(UnsafeMutableBufferPointer(rebasing: buffer[first...])) {
                        ($0.instance, $0.start, $1.end) < ($1.instance, $1.start, $0.end)
                    }
                }
                var kept = first + 1
                for i in (first + 1)..<store.count {
                    let s = store[i]
                    let last = store[kept - 1]
                    if last.instance != s.instance || last.start != s.start {
                        store[kept] = s
                        kept += 1
                    }
                }
                store.removeLast(store.count - kept)
            }
        } else {
            copy(only, leaf: l, scope: leaf.scope)
        }
        leafStart[slot] = Int32(first)
        leafCount[slot] = Int32(store.count - first)
        return first..<store.count
    }

    /// Whether leaf `l` has a span in its scope: `!leafSpans(l).isEmpty`, without copying and
    /// labelling the spans of a one-pattern leaf (most rules that are candidates do not fire,
    /// and only those that fire need their spans).
    private mutating func leafMatches(_ l: Int32) -> Bool {
        let slot = Int(l - leafBase)
        if leafStart[slot] >= 0 { return leafCount[slot] > 0 }
        let leaf = leaves[Int(l)]
        guard leaf.onlyPattern >= 0 else { return !leafSpans(l).isEmpty }
        if isPresent(leaf) {
            for i in spans(ofPattern: leaf.onlyPattern) where instanceMask[Int(store[i].instance)] & leaf.scope != 0 {
                return true
            }
        }
        leafStart[slot] = Int32(store.count)  // settled: no spans
        leafCount[slot] = 0
        return false
    }

    /// The element id of word or prefix `id`: prefixes are numbered after the words.
    @inline(__always)
    private func elementID(_ id: Int32, isPrefix: Bool) -> Int32 {
        isPrefix ? wordCount + id : id
    }

    /// Whether the anchor of one-pattern leaf `leaf` occurs in the article (if not, the leaf
    /// has no spans, and its pattern need not be read).
    @inline(__always)
    private func isPresent(_ leaf: Program.Leaf) -> Bool {
        elementIndex.get(elementID(leaf.anchor, isPrefix: leaf.anchorIsPrefix)) != nil
    }

    /// Sorts spans in place: by insertion for the short, mostly ordered runs the matcher sorts
    /// (a leaf's spans come sorted per pattern), which allocates nothing; else the library sort.
    @inline(__always)
    private static func sortSpans(_ spans: UnsafeMutableBufferPointer<Span>, by less: (Span, Span) -> Bool) {
        guard spans.count > 1 else { return }
        guard spans.count <= 48 else {
            var spans = spans  // the memory is sorted, not the pointer
            spans.sort(by: less)
            return
        }
        for i in 1..<spans.count {
            let x = spans[i]
            var j = i
            while j > 0 && less(x, spans[j - 1]) {
                spans[j] = spans[j - 1]
                j -= 1
            }
            spans[j] = x
        }
    }

    /// Appends the spans of `range` that lie in `scope`, labelled with `leaf`.
    private mutating func copy(_ range: Range<Int>, leaf: Int32, scope: UInt8) {
        for i in range {
            var s = store[i]
            guard instanceMask[Int(s.instance)] & scope != 0 else { continue }
            s.leaf = leaf
            store.append(s)
        }
    }

    private mutating func spans(_ n: Int32) -> Range<Int> {
        let node = nodes[Int(n)]
        switch node.kind {
        case .leaf:
            return leafSpans(node.a)
        case .or:
            var first = -1
            var single: Range<Int> = store.count..<store.count
            var nonEmpty = 0
            for c in Int(node.a)..<Int(node.a + node.b) {
                let r = spans(children[c])
                if r.isEmpty { continue }
                nonEmpty += 1
                if nonEmpty == 1 {
                    single = r
                    continue
                }
                if nonEmpty == 2 {
                    first = store.count
                    for i in single { store.append(store[i]) }
                }
                for i in r { store.append(store[i]) }
            }
            return nonEmpty <= 1 ? single : first..<store.count
        case .near, .onear:
            let left = spans(node.a)
            if left.isEmpty { return store.count..<store.count }
            let right = spans(node.b)
            let first = store.count
            let base = pairs.count
            findNearPairs(left, right, node.c, ordered: node.kind == .onear, limit: Self.maxNearPairs)
            var k = base
            while k < pairs.count {
                let (x, y) = (pairs[k], pairs[k + 1])
                store.append(Span(instance: x.instance, start: min(x.start, y.start), end: max(x.end, y.end), leaf: -1))
                k += 2
            }
            pairs.removeLast(pairs.count - base)
            return first..<store.count
        default:
            return store.count..<store.count
        }
    }

    private mutating func eval(_ n: Int32) -> Bool {
        let node = nodes[Int(n)]
        switch node.kind {
        case .leaf:
            return leafMatches(node.a)
        case .and:
            for c in Int(node.a)..<Int(node.a + node.b) where !eval(children[c]) { return false }
            return true
        case .or:
            for c in Int(node.a)..<Int(node.a + node.b) where eval(children[c]) { return true }
            return false
        case .not:
            return !eval(node.a)
        case .near, .onear:
            let left = spans(node.a)
            if left.isEmpty { return false }
            let right = spans(node.b)
            let base = pairs.count
            findNearPairs(left, right, node.c, ordered: node.kind == .onear, limit: 1)
            defer { pairs.removeLast(pairs.count - base) }
            return pairs.count > base
        case .feed:
            return document.feedID.lowercased() == strings[Int(node.a)]
        case .site:
            return Self.host(document.site, isIn: strings[Int(node.a)])
        }
    }

    static func host(_ site: String, isIn domain: String) -> Bool {
        var host = site.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        var domain = domain
        if domain.hasSuffix(".") { domain.removeLast() }
        return host == domain || host.hasSuffix("." + domain)
    }

    // MARK: NEAR

    /// A NEAR inside another NEAR keeps at most this many of its pairs each time it is evaluated: text
    /// with thousands of occurrences of both sides within the distance would otherwise make millions.
    static let maxNearPairs = 50_000
    /// An explanation shows at most this many pairs of each NEAR (whether the rule fires does not
    /// depend on it): enough for anyone to read, and a bound on the work for a pathological article.
    static let maxExplainedNearPairs = 200
    /// Operands with at most this many pairs of spans are simply tried pair by pair.
    static let smallNearProduct = 16

    /// Appends to `pairs` each pair x (from `left`), y (from `right`) of spans within `n` words of each
    /// other (x first when `ordered`), up to `limit` pairs.
    ///
    /// Small operands are tried pair by pair. Larger ones are sorted by place, and for each span only
    /// the spans that start within `n` words after it are visited, so that an article with thousands of
    /// occurrences of both sides costs O((L + R) log(L + R) + pairs) rather than L × R.
    private mutating func findNearPairs(
        _ left: Range<Int>, _ right: Range<Int>, _ n: Int32, ordered: Bool, limit: Int, within: Span? = nil
    ) {
        var found = 0
        if left.count * right.count <= Self.smallNearProduct {
            for i in left {
                let x = store[i]
                if let within, !within.contains(x) { continue }
                for j in right where Span.near(x, store[j], n, ordered: ordered) {
                    if let within, !within.contains(store[j]) { continue }
                    pairs.append(x)
                    pairs.append(store[j])
                    found += 1
                    if found >= limit { return }
                }
            }
            return
        }
        let spans = store
        // Only the spans inside `within` (an explanation looks inside one span of an outer NEAR).
        func sortedByPlace(_ range: Range<Int>) -> [Int] {
            var indices = Array(range)
            if let within { indices.removeAll { !within.contains(spans[$0]) } }
            indices.sort { (spans[$0].instance, spans[$0].start) < (spans[$1].instance, spans[$1].start) }
            return indices
        }
        /// The first index of `sorted` whose span is at or after `start` in `instance`.
        func firstAt(_ sorted: [Int], _ instance: Int32, _ start: Int32) -> Int {
            var (low, high) = (0, sorted.count)
            while low < high {
                let mid = (low + high) / 2
                let s = spans[sorted[mid]]
                if (s.instance, s.start) < (instance, start) { low = mid + 1 } else { high = mid }
            }
            return low
        }
        /// Appends the pairs where a span of `later` starts 1...n+1 tokens after a span of `earlier`
        /// ends, as (left, right); true when the limit is reached.
        func follow(_ earlier: [Int], _ later: [Int], earlierIsLeft: Bool) -> Bool {
            for i in earlier {
                let a = spans[i]
                var k = firstAt(later, a.instance, a.end + 1)
                while k < later.count {
                    let b = spans[later[k]]
                    guard b.instance == a.instance, b.start - a.end - 1 <= n else { break }
                    pairs.append(earlierIsLeft ? a : b)
                    pairs.append(earlierIsLeft ? b : a)
                    found += 1
                    if found >= limit { return true }
                    k += 1
                }
            }
            return false
        }
        let leftByPlace = sortedByPlace(left)
        let rightByPlace = sortedByPlace(right)
        // Each near pair is one case or the other: near spans do not overlap.
        if follow(leftByPlace, rightByPlace, earlierIsLeft: true) || ordered { return }
        _ = follow(rightByPlace, leftByPlace, earlierIsLeft: false)
    }

    // MARK: Explanation

    /// Evaluates rule `r`; when it matches, appends its hits (in document order) to the
    /// article's records and returns their range.
    mutating func match(rule r: Int32) -> Range<Int>? {
        let entry = ruleEntries[Int(r)]
        leafBase = entry.leafStart
        let leafCountOfRule = Int(entry.leafEnd - leafBase)
        if leafStart.count < leafCountOfRule {
            leafStart.append(contentsOf: repeatElement(-1, count: leafCountOfRule - leafStart.count))
            leafCount.append(contentsOf: repeatElement(0, count: leafCountOfRule - leafCount.count))
        }
        for i in 0..<leafCountOfRule { leafStart[i] = -1 }
        let root = entry.root
        guard eval(root) else { return nil }
        found.removeAll(keepingCapacity: true)
        special.removeAll(keepingCapacity: true)
        collect(root, within: nil)
        found.withUnsafeMutableBufferPointer { buffer in
            Self.sortSpans(buffer) { ($0.instance, $0.start, $1.end, $0.leaf) < ($1.instance, $1.start, $0.end, $1.leaf) }
        }
        let first = records.count
        // Hits that start at the same place are records[groupFirst...]. The same term at the
        // same place is reported once, with its longest span (spans are sorted longest first).
        // Terms are interned: equal terms have equal ids.
        var groupFirst = first
        // The terms seen in the current group: groupTerms[groupTermsStart...].
        var groupTerms = self.groupTerms
        self.groupTerms = []
        defer { self.groupTerms = groupTerms }
        groupTerms.removeAll(keepingCapacity: true)
        var groupTermsStart = 0
        var groupInstance: Int32 = -1
        var groupPosition: Int32 = -1
        for s in found {
            let leaf = leaves[Int(s.leaf)]
            if s.instance != groupInstance || s.start != groupPosition {
                groupFirst = records.count
                groupTermsStart = groupTerms.count
                groupInstance = s.instance
                groupPosition = s.start
            }
            if groupTerms[groupTermsStart...].contains(leaf.term) { continue }
            groupTerms.append(leaf.term)
            let record = Evidence.Record(
                term: leaf.term, actor: leaf.actor, instance: s.instance,
                offset: stream.tokens[Int(s.start)].scalarStart,
                utf8Start: stream.tokens[Int(s.start)].utf8Start, utf8End: stream.tokens[Int(s.end)].utf8End)
            // Categories are separate instances that may hold the same text at the same offset.
            if instanceField[Int(s.instance)] == .category, isRepeatedCategoryHit(record, in: first..<groupFirst) {
                continue
            }
            records.append(record)
        }
        // `feed:`/`site:` values are interned: the same condition is the same record.
        for (k, hit) in special.enumerated() where !special[..<k].contains(hit) {
            records.append(hit)
        }
        return first..<records.count
    }

    /// Whether an earlier hit of the rule is the same term with the same text at the same
    /// offset in another category.
    private func isRepeatedCategoryHit(_ record: Evidence.Record, in range: Range<Int>) -> Bool {
        for k in range {
            let other = records[k]
            guard other.instance >= 0, instanceField[Int(other.instance)] == .category,
                other.offset == record.offset, other.term == record.term
            else { continue }
            if texts[Int(other.instance)].utf8Slice(
                Int(other.utf8Start), Int(other.utf8End),
                equals: texts[Int(record.instance)], Int(record.utf8Start), Int(record.utf8End))
            {
                return true
            }
        }
        return false
    }

    /// The evidence of the rules that fired, for their `RuleMatch` values.
    mutating func evidence() -> Evidence {
        let records = self.records
        self.records = []
        return Evidence(
            records: records, texts: texts, fields: instanceField, strings: strings,
            feedID: document.feedID, site: document.site)
    }

    /// Collects the leaf spans that make the rule true (NOT operands never count), restricted
    /// to `within` inside a NEAR.
    private mutating func collect(_ n: Int32, within: Span?) {
        let node = nodes[Int(n)]
        switch node.kind {
        case .leaf:
            for i in leafSpans(node.a) {
                let s = store[i]
                if within.map({ $0.contains(s) }) ?? true { found.append(s) }
            }
        case .and:
            for c in Int(node.a)..<Int(node.a + node.b) {
                let child = children[c]
                if nodes[Int(child)].kind == .not { continue }
                collect(child, within: within)
            }
        case .or:
            for c in Int(node.a)..<Int(node.a + node.b) where eval(children[c]) {
                collect(children[c], within: within)
            }
        case .not:
            break
        case .near, .onear:
            let left = spans(node.a)
            if left.isEmpty { return }
            let right = spans(node.b)
            let pairBase = pairs.count
            findNearPairs(left, right, node.c, ordered: node.kind == .onear, limit: Self.maxNearPairs, within: within)
            if pairs.count - pairBase > 2 * Self.maxExplainedNearPairs {
                pairs.removeLast(pairs.count - pairBase - 2 * Self.maxExplainedNearPairs)
            }
            let pairEnd = pairs.count
            var k = pairBase
            while k < pairEnd {
                let x = pairs[k]
                let y = pairs[k + 1]
                k += 2
                if x.leaf >= 0 { found.append(x) } else { collect(node.a, within: x) }
                if y.leaf >= 0 { found.append(y) } else { collect(node.b, within: y) }
            }
            pairs.removeLast(pairEnd - pairBase)
        case .feed:
            special.append(
                Evidence.Record(term: node.a, actor: -1, instance: Evidence.Record.feed, offset: 0, utf8Start: 0, utf8End: 0))
        case .site:
            special.append(
                Evidence.Record(term: node.a, actor: -1, instance: Evidence.Record.site, offset: 0, utf8Start: 0, utf8End: 0))
        }
    }
}
