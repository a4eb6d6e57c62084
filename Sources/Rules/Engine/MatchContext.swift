/// A run of consecutive tokens in one field instance that satisfied a pattern or a NEAR.
struct Span: Sendable, Hashable {
    var instance: Int32
    var start: Int32
    /// Last token (inclusive).
    var end: Int32
    /// The leaf that produced it, or -1 for a NEAR span.
    var leaf: Int32

    func contains(_ other: Span) -> Bool {
        instance == other.instance && start <= other.start && other.end <= end
    }
}

/// The per-article state of an evaluation: the article's tokens per field instance, the
/// elements found in one pass over them, and the spans of the patterns computed so far.
struct MatchContext {
    private let set: RuleSet
    private let document: Document
    /// Field instances: title, body, author, then one per category.
    private var instances: [TokenStream] = []
    private var instanceMask: [UInt8] = []
    private var instanceField: [Field] = []
    /// Word id of each token per instance (-1: not a rule word).
    private var tokenWord: [[Int32]] = []
    /// (element << 32 | instance << 24 | position), sorted.
    private var occurrences: [UInt64] = []
    private var patternCache: [Int32: [Span]] = [:]

    private static let maxInstances = 255
    private static let maxPosition = (1 << 24) - 1

    init(ruleSet: RuleSet, document: Document) {
        set = ruleSet
        self.document = document
        add(document.title, mask: ScopeMask.title, field: .title)
        add(document.text, mask: ScopeMask.body, field: .text)
        add(document.author, mask: ScopeMask.author, field: .author)
        for category in document.categories.prefix(Self.maxInstances - 3) {
            add(category, mask: ScopeMask.category, field: .category)
        }
        occurrences.sort()
    }

    private mutating func add(_ text: String, mask: UInt8, field: Field) {
        let stream = TokenStream(text)
        let instance = UInt64(instances.count)
        var wordsOfTokens = [Int32](repeating: -1, count: stream.tokens.count)
        let wordCount = UInt64(set.words.count)
        let lengths = set.prefixLengths
        stream.keys.withUnsafeBufferPointer { keys in
            for (position, token) in stream.tokens.enumerated() where position <= Self.maxPosition {
                let start = Int(token.keyStart)
                let count = Int(token.keyEnd) - start
                let base = keys.baseAddress.map { $0 + start }
                var h = ByteTable.seed
                var k = 0
                while k < count {
                    h = ByteTable.step(h, keys[start + k])
                    k += 1
                    if k < lengths.count, lengths[k] {
                        let p = set.prefixes.find(base, k, hash: h)
                        if p >= 0 {
                            occurrences.append((wordCount + UInt64(p)) << 32 | instance << 24 | UInt64(position))
                        }
                    }
                }
                let w = set.words.find(base, count, hash: h)
                if w >= 0 {
                    wordsOfTokens[position] = w
                    occurrences.append(UInt64(w) << 32 | instance << 24 | UInt64(position))
                }
            }
        }
        instances.append(stream)
        instanceMask.append(mask)
        instanceField.append(field)
        tokenWord.append(wordsOfTokens)
    }

    // MARK: Presearch

    /// Rules that can possibly match: those registered under a present element, plus the
    /// always-evaluated ones; in rule order.
    func candidates() -> [Int32] {
        let ruleCount = set.rules.count
        var bits = [UInt64](repeating: 0, count: (ruleCount + 63) / 64)
        var previous = UInt64.max
        for o in occurrences {
            let e = o >> 32
            if e == previous { continue }
            previous = e
            let lo = Int(set.postingStarts[Int(e)])
            let hi = Int(set.postingStarts[Int(e) + 1])
            var i = lo
            while i < hi {
                let r = Int(set.postings[i])
                bits[r >> 6] |= 1 << UInt64(r & 63)
                i += 1
            }
        }
        for r in set.alwaysCandidates { bits[Int(r) >> 6] |= 1 << UInt64(r & 63) }
        var out: [Int32] = []
        for (w, word) in bits.enumerated() where word != 0 {
            var x = word
            while x != 0 {
                let b = x.trailingZeroBitCount
                out.append(Int32(w * 64 + b))
                x &= x - 1
            }
        }
        return out
    }

    // MARK: Patterns

    private func occurrenceRange(_ element: UInt64) -> Range<Int> {
        func lowerBound(_ key: UInt64) -> Int {
            var lo = 0
            var hi = occurrences.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if occurrences[mid] < key { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        return lowerBound(element << 32)..<lowerBound((element + 1) << 32)
    }

    private mutating func spans(ofPattern p: Int32) -> [Span] {
        if let cached = patternCache[p] { return cached }
        let pattern = set.patterns[Int(p)]
        let anchor = pattern.elements[pattern.anchor]
        let element = anchor.isPrefix ? UInt64(set.words.count) + UInt64(anchor.id) : UInt64(anchor.id)
        var out: [Span] = []
        for i in occurrenceRange(element) {
            let o = occurrences[i]
            let instance = Int((o >> 24) & 0xFF)
            let position = Int(o & 0xFF_FFFF)
            let start = position - pattern.anchor
            let end = start + pattern.elements.count - 1
            guard start >= 0, end < instances[instance].tokens.count else { continue }
            var ok = true
            let tokens = instances[instance].tokens
            for (k, e) in pattern.elements.enumerated() {
                if e.joined && tokens[start + k - 1].scalarEnd != tokens[start + k].scalarStart {
                    ok = false
                    break
                }
                if k == pattern.anchor && e.raw == nil { continue }
                if !matches(e, instance: instance, token: start + k) {
                    ok = false
                    break
                }
            }
            if ok { out.append(Span(instance: Int32(instance), start: Int32(start), end: Int32(end), leaf: -1)) }
        }
        patternCache[p] = out
        return out
    }

    private func matches(_ e: PatternElement, instance: Int, token t: Int) -> Bool {
        let stream = instances[instance]
        if e.isPrefix {
            let token = stream.tokens[t]
            let prefix = set.prefixes.key(e.id)
            let length = Int(token.keyEnd - token.keyStart)
            guard prefix.count <= length else { return false }
            let start = Int(token.keyStart)
            var k = 0
            for b in prefix {
                if stream.keys[start + k] != b { return false }
                k += 1
            }
        } else if tokenWord[instance][t] != e.id {
            return false
        }
        if let raw = e.raw {
            let form = RawForm.of(stream.original(from: t, through: t))
            return e.isPrefix ? form.hasPrefix(raw) : form == raw
        }
        return true
    }

    // MARK: Evaluation

    private mutating func leafSpans(_ l: Int32, _ rule: CompiledRule) -> [Span] {
        let leaf = rule.leaves[Int(l)]
        var out: [Span] = []
        for p in leaf.patterns {
            for var s in spans(ofPattern: p) where instanceMask[Int(s.instance)] & leaf.scope != 0 {
                s.leaf = l
                out.append(s)
            }
        }
        if leaf.patterns.count > 1 {
            out.sort { ($0.instance, $0.start, $1.end) < ($1.instance, $1.start, $0.end) }
            var unique: [Span] = []
            for s in out where unique.last.map({ $0.instance != s.instance || $0.start != s.start }) ?? true {
                unique.append(s)
            }
            out = unique
        }
        return out
    }

    private mutating func spans(_ node: CompiledNode, _ rule: CompiledRule) -> [Span] {
        switch node {
        case .leaf(let l):
            return leafSpans(l, rule)
        case .or(let xs):
            return xs.flatMap { spans($0, rule) }
        case .near(let a, let b, let n, let ordered):
            var out: [Span] = []
            forEachNearPair(a, b, n, ordered, rule) { x, y in
                out.append(
                    Span(instance: x.instance, start: min(x.start, y.start), end: max(x.end, y.end), leaf: -1))
                return true
            }
            return out
        default:
            return []
        }
    }

    /// Calls `body` for each pair of operand spans within the distance; stops when it returns false.
    private mutating func forEachNearPair(
        _ a: CompiledNode, _ b: CompiledNode, _ n: Int32, _ ordered: Bool, _ rule: CompiledRule,
        _ body: (Span, Span) -> Bool
    ) {
        let left = spans(a, rule)
        if left.isEmpty { return }
        let right = spans(b, rule)
        for x in left {
            for y in right where x.instance == y.instance {
                let ok: Bool
                if x.end < y.start {
                    ok = y.start - x.end - 1 <= n
                } else if y.end < x.start {
                    ok = !ordered && x.start - y.end - 1 <= n
                } else {
                    ok = false
                }
                if ok && !body(x, y) { return }
            }
        }
    }

    private mutating func eval(_ node: CompiledNode, _ rule: CompiledRule) -> Bool {
        switch node {
        case .leaf(let l):
            return !leafSpans(l, rule).isEmpty
        case .and(let xs):
            for x in xs where !eval(x, rule) { return false }
            return true
        case .or(let xs):
            for x in xs where eval(x, rule) { return true }
            return false
        case .not(let x):
            return !eval(x, rule)
        case .near(let a, let b, let n, let ordered):
            var found = false
            forEachNearPair(a, b, n, ordered, rule) { _, _ in
                found = true
                return false
            }
            return found
        case .feed(let value):
            return document.feedID.lowercased() == value
        case .site(let value):
            return Self.host(document.site, isIn: value)
        }
    }

    static func host(_ site: String, isIn domain: String) -> Bool {
        var host = site.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        var domain = domain
        if domain.hasSuffix(".") { domain.removeLast() }
        return host == domain || host.hasSuffix("." + domain)
    }

    // MARK: Explanation

    /// Evaluates a rule; when it matches, returns its hits in document order and its actors.
    mutating func match(_ rule: CompiledRule) -> (hits: [Hit], actors: [String])? {
        guard eval(rule.root, rule) else { return nil }
        var found: [Span] = []
        var special: [Hit] = []
        collect(rule.root, rule, within: nil, into: &found, special: &special)
        found.sort { ($0.instance, $0.start, $1.end, $0.leaf) < ($1.instance, $1.start, $0.end, $1.leaf) }
        var hits: [Hit] = []
        var seen: Set<Hit> = []
        var actors: Set<String> = []
        var last: Span?
        for s in found {
            let leaf = rule.leaves[Int(s.leaf)]
            if let l = last, l.instance == s.instance, l.start == s.start,
                rule.leaves[Int(l.leaf)].term == leaf.term
            {
                continue  // same term at the same place: keep the longest
            }
            last = s
            let stream = instances[Int(s.instance)]
            let hit = Hit(
                term: leaf.term, field: instanceField[Int(s.instance)],
                offset: Int(stream.tokens[Int(s.start)].scalarStart),
                text: stream.original(from: Int(s.start), through: Int(s.end)))
            if seen.insert(hit).inserted { hits.append(hit) }
            if let actor = leaf.actor { actors.insert(actor) }
        }
        for hit in special where seen.insert(hit).inserted { hits.append(hit) }
        return (hits, actors.sorted())
    }

    private mutating func collect(
        _ node: CompiledNode, _ rule: CompiledRule, within: Span?, into found: inout [Span], special: inout [Hit]
    ) {
        switch node {
        case .leaf(let l):
            for s in leafSpans(l, rule) where within.map({ $0.contains(s) }) ?? true { found.append(s) }
        case .and(let xs):
            for x in xs {
                if case .not = x { continue }
                collect(x, rule, within: within, into: &found, special: &special)
            }
        case .or(let xs):
            for x in xs where eval(x, rule) { collect(x, rule, within: within, into: &found, special: &special) }
        case .not:
            break
        case .near(let a, let b, let n, let ordered):
            var pairs: [(Span, Span)] = []
            forEachNearPair(a, b, n, ordered, rule) { x, y in
                if let w = within, !(w.contains(x) && w.contains(y)) { return true }
                pairs.append((x, y))
                return true
            }
            for (x, y) in pairs {
                if x.leaf >= 0 { found.append(x) } else { collect(a, rule, within: x, into: &found, special: &special) }
                if y.leaf >= 0 { found.append(y) } else { collect(b, rule, within: y, into: &found, special: &special) }
            }
        case .feed(let value):
            special.append(Hit(term: "feed:" + value, field: .feed, offset: 0, text: document.feedID))
        case .site(let value):
            special.append(Hit(term: "site:" + value, field: .site, offset: 0, text: document.site))
        }
    }
}
