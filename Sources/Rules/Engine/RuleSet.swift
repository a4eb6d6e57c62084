/// A compiled, immutable set of rules: every distinct word, prefix, phrase and actor name is
/// stored once, and an index from words to rules lets an article be checked only against the
/// rules that can possibly match it. Share it freely between tasks; swap it whole on reload.
public struct RuleSet: Sendable {
    /// The rules, in definition order.
    public let rules: [Rule]
    let compiled: [CompiledRule]
    /// Whole-word keys, and word-prefix keys (prefix terms, Hangul words).
    let words: ByteTable
    let prefixes: ByteTable
    /// `prefixLengths[n]`: some prefix key has `n` bytes.
    let prefixLengths: [Bool]
    let patterns: [Pattern]
    /// Presearch postings: rules registered under element `e` are
    /// `postings[postingStarts[e]..<postingStarts[e + 1]]`. Elements are word ids, then
    /// prefix ids offset by `words.count`.
    let postingStarts: [Int32]
    let postings: [Int32]
    /// Rules that are evaluated for every article (their positive part is feed:/site: only).
    let alwaysCandidates: [Int32]
    let ruleIndex: [String: Int]

    /// An empty rule set.
    public init() {
        self.init(
            rules: [], compiled: [], words: ByteTable(), prefixes: ByteTable(), prefixLengths: [],
            patterns: [], postingStarts: [0], postings: [], alwaysCandidates: [], ruleIndex: [:])
    }

    init(
        rules: [Rule], compiled: [CompiledRule], words: ByteTable, prefixes: ByteTable, prefixLengths: [Bool],
        patterns: [Pattern], postingStarts: [Int32], postings: [Int32], alwaysCandidates: [Int32],
        ruleIndex: [String: Int]
    ) {
        self.rules = rules
        self.compiled = compiled
        self.words = words
        self.prefixes = prefixes
        self.prefixLengths = prefixLengths
        self.patterns = patterns
        self.postingStarts = postingStarts
        self.postings = postings
        self.alwaysCandidates = alwaysCandidates
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
    /// Rules whose `feeds:` do not select the document's feed are skipped.
    public func evaluate(_ document: Document, onlyRule: String? = nil) -> [RuleMatch] {
        if rules.isEmpty { return [] }
        var context = MatchContext(ruleSet: self, document: document)
        var results: [RuleMatch] = []
        let candidates: [Int32]
        if let onlyRule {
            guard let index = ruleIndex[onlyRule] else { return [] }
            candidates = [Int32(index)]
        } else {
            candidates = context.candidates()
        }
        for r in candidates {
            let rule = rules[Int(r)]
            guard rule.applies(feedID: document.feedID, feedTags: document.feedTags) else { continue }
            if let (hits, actors) = context.match(compiled[Int(r)]) {
                results.append(RuleMatch(rule: rule, hits: hits, actors: actors))
            }
        }
        return results
    }
}
