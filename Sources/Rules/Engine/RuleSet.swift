/// A compiled, immutable set of rules: every distinct word, prefix, phrase and actor name is
/// stored once, and an index from words to rules lets an article be checked only against the
/// rules that can possibly match it. Share it freely between tasks; swap it whole on reload.
public struct RuleSet: Sendable {
    /// The rules, in definition order.
    public let rules: [Rule]
    /// What the rules say that is valid but most likely not meant (`near/5` in lower case), as
    /// diagnostics whose message starts with "warning: ". The rules are in the set all the same.
    public internal(set) var warnings: [Diagnostic] = []
    /// The rules' expressions, leaves and patterns as flat arrays.
    let program: Program
    /// Whole-word keys, and word-prefix keys (prefix terms, Hangul words).
    let words: FrozenByteTable
    let prefixes: FrozenByteTable
    /// `prefixLengths[n]`: some prefix key has `n` bytes.
    let prefixLengths: [Bool]
    /// Bit `n` (`n` < 64): `prefixLengths[n]`.
    let prefixLengthBits: UInt64
    /// Presearch postings: rules registered under element `e` are
    /// `postings[postingStarts[e]..<postingStarts[e + 1]]`. Elements are word ids, then
    /// prefix ids offset by `words.count`.
    let postingStarts: [Int32]
    let postings: [Int32]
    /// Rules that are evaluated for every article (their positive part is feed:/site: only).
    let alwaysCandidates: [Int32]
    let ruleIndex: [String: Int]
    /// Buffers reused from one evaluation to the next (shared by the copies of this value).
    let scratchPool = ScratchPool()
    /// Bit `e`: element `e` has postings. A small bitset in front of the big postings arrays,
    /// which most elements present in an article (words rules use, but not as keys) never need.
    let elementHasPostings: [UInt64]
    /// Bit `r`: rule `r` has `feeds:` selectors (checked without touching the `Rule` values).
    let ruleHasFeeds: [UInt64]

    /// An empty rule set.
    public init() {
        self.init(
            rules: [], program: Program(), words: ByteTable(), prefixes: ByteTable(), prefixLengths: [],
            postingStarts: [0], postings: [], alwaysCandidates: [], ruleIndex: [:])
    }

    init(
        rules: [Rule], program: Program, words: ByteTable, prefixes: ByteTable, prefixLengths: [Bool],
        postingStarts: [Int32], postings: [Int32], alwaysCandidates: [Int32],
        ruleIndex: [String: Int]
    ) {
        self.rules = rules
        self.program = program
        self.words = FrozenByteTable(words)
        self.prefixes = FrozenByteTable(prefixes)
        self.prefixLengths = prefixLengths
        var bits: UInt64 = 0
        for n in prefixLengths.indices.prefix(64) where prefixLengths[n] { bits |= 1 << UInt64(n) }
        prefixLengthBits = bits
        self.postingStarts = postingStarts
        self.postings = postings
        self.alwaysCandidates = alwaysCandidates
        var hasPostings = [UInt64](repeating: 0, count: (postingStarts.count + 63) / 64)
        for e in 0..<max(0, postingStarts.count - 1) where postingStarts[e + 1] > postingStarts[e] {
            hasPostings[e >> 6] |= 1 << UInt64(e & 63)
        }
        elementHasPostings = hasPostings
        var hasFeeds = [UInt64](repeating: 0, count: (rules.count + 63) / 64)
        for (r, rule) in rules.enumerated() where !rule.feeds.isEmpty { hasFeeds[r >> 6] |= 1 << UInt64(r & 63) }
        ruleHasFeeds = hasFeeds
        self.ruleIndex = ruleIndex
    }

    /// Compiles actors and rules. Every problem is reported; a rule with an error is left out
    /// of the result (and so is a rule naming an actor whose definition has an error).
    public static func compile(actors: [ActorDefinition], rules: [RuleDefinition])
        -> (ruleSet: RuleSet, diagnostics: [Diagnostic])
    {
        var compiler = RuleCompiler()
        return compiler.compile(actors: actors, rules: rules)
    }

    /// The rule with this id.
    public func rule(id: String) -> Rule? {
        ruleIndex[id].map { rules[$0] }
    }

    /// The rules that match `document`, in rule order, each with its hits and actors.
    /// Rules whose `feeds:` do not select the document's feed are skipped, unless `applyingFeeds` is false
    /// (`newswatch test` on text that comes from no configured feed).
    public func evaluate(_ document: Document, onlyRule: String? = nil, applyingFeeds: Bool = true) -> [RuleMatch] {
        if rules.isEmpty { return [] }
        var only: Int32?
        if let onlyRule {
            guard let index = ruleIndex[onlyRule] else { return [] }
            only = Int32(index)
        }
        var context = MatchContext(ruleSet: self, document: document, scratch: scratchPool.take())
        let candidates = only.map { [$0] } ?? context.candidates()
        scratchPool.keep(context.warm(candidates))
        // The rules that fired and the ranges of their hits in the article's evidence.
        var fired: [(rule: Int32, hits: Range<Int>, omitted: Int)] = []
        for r in candidates {
            if applyingFeeds, ruleHasFeeds[Int(r) >> 6] & (1 << UInt64(r & 63)) != 0,
                !rules[Int(r)].applies(feedID: document.feedID, feedTags: document.feedTags)
            {
                continue
            }
            if let (hits, omitted) = context.match(rule: r) { fired.append((r, hits, omitted)) }
        }
        var results: [RuleMatch] = []
        if !fired.isEmpty {
            let evidence = context.evidence()
            results.reserveCapacity(fired.count)
            for (r, hits, omitted) in fired {
                results.append(RuleMatch(rule: rules[Int(r)], evidence: evidence, hitRange: hits, omittedHits: omitted))
            }
        }
        scratchPool.give(context.releaseScratch())
        return results
    }
}

extension RuleSet {
    /// How many rules the presearch selects for `document` (for benchmarks and tuning).
    package func candidateCount(_ document: Document) -> Int {
        presearchCandidates(document).count
    }

    /// The indices of the rules the presearch selects for `document`.
    package func presearchCandidates(_ document: Document) -> [Int] {
        if rules.isEmpty { return [] }
        var context = MatchContext(ruleSet: self, document: document)
        return context.candidates().map { Int($0) }
    }
}
