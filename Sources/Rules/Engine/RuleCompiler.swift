import Foundation

/// Builds a `RuleSet`: parses and checks each rule, interns words, prefixes and patterns, and
/// builds the presearch index.
/// builds the presearch index.
///
/// `compile` runs the steps in order: actors (`RuleCompiler+Actors`), rules (parsed on all cores,
/// then emitted node by node: `RuleCompiler+Nodes`, whose terms become interned patterns:
/// `RuleCompiler+Patterns`), then, once every word and prefix is known, their costs, each
/// pattern's anchor and the presearch index (`RuleCompiler+Presearch`).
struct RuleCompiler {
    var words = ByteTable()
    var prefixes = ByteTable()
    var prefixLengths: [Bool] = []
    var patterns: [Pattern] = []
    var patternIndex: [[PatternElement]: Int32] = [:]
    var diagnostics: [Diagnostic] = []
    /// Warnings: the rule is kept (see `RuleSet.warnings`).
    var warnings: [Diagnostic] = []
    /// Elements of each distinct rule word (most words recur in many rules).
    struct WordKey: Hashable {
        var text: String
        var isPrefix: Bool
    }
    var wordElements: [WordKey: [PatternElement]] = [:]
    /// Pattern and label of each distinct bare word used as a term (most terms are one).
    var bareWords: [WordKey: (pattern: Int32?, label: Int32)] = [:]
    /// The program being emitted, rule after rule.
    var out = CompiledRules()
    /// Child node ids of the AND and OR nodes being emitted, innermost last.
    var childStack: [Int32] = []
    /// Terms and actor ids as reported in hits, each once: leaves refer to them by index.
    var labels: [String] = []
    var labelIDs: [String: Int32] = [:]
    /// Each actor's patterns (its names) and labels.
    var actorLeaves: [String: (patterns: [Int32], term: Int32, actor: Int32)] = [:]
    /// `elementCost` of each element (see `elementID`), computed once the usage is known.
    var elementCosts: [Int] = []

    /// A small list of very common words, avoided as presearch keys when possible.
    static let commonWords: Set<String> = [
        "the", "a", "an", "of", "to", "in", "and", "or", "on", "for", "with", "by", "at", "is", "was", "be", "as",
        "from", "that", "this", "it", "its", "are", "has", "have", "he", "she", "they", "not", "but", "said",
    ]

    /// Parses and checks every rule's expression. Each is independent of the others, so a big
    /// rule set is parsed on all cores, in as many interleaved shares.
    static func parseAll(_ rules: [RuleDefinition], actors: Set<String>)
        -> [(expression: MatchExpression?, diagnostics: [Diagnostic], warnings: [Diagnostic])]
    {
        let shares = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        guard rules.count >= 4096, shares > 1 else {
            return rules.map { MatchExpression.parseWithWarnings($0.match, actors: actors) }
        }
        var results = [(expression: MatchExpression?, diagnostics: [Diagnostic], warnings: [Diagnostic])](
            repeating: (nil, [], []), count: rules.count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each slot is written by exactly one share (slots share, share + shares, ...), and
            // read only after `concurrentPerform` has returned.
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: shares) { share in
                for i in stride(from: share, to: rules.count, by: shares) {
                    out[i] = MatchExpression.parseWithWarnings(rules[i].match, actors: actors)
                }
            }
        }
        return results
    }

    mutating func compile(actors: [ActorDefinition], rules: [RuleDefinition]) -> (
        ruleSet: RuleSet, diagnostics: [Diagnostic]
    ) {
        reserve(ruleCount: rules.count, actorCount: actors.count)
        let (knownActors, brokenActors) = compileActors(actors)
        let outRules = compileRules(rules, knownActors: knownActors, brokenActors: brokenActors)
        // Every word and prefix is known from here on: element ids are final.
        computeElementCosts()
        chooseAnchors()
        let index = presearchIndex()
        var ruleIndex: [String: Int] = [:]
        ruleIndex.reserveCapacity(outRules.count)
        for (i, rule) in outRules.enumerated() { ruleIndex[rule.id] = i }
        prefixes.buildFilter(startFilter: true)
        words.buildFilter(startFilter: false)
        var ruleSet = RuleSet(
            rules: outRules, program: Program(rules: out, patterns: patterns, labels: labels), words: words,
            prefixes: prefixes, prefixLengths: prefixLengths, postingStarts: index.starts, postings: index.postings,
            alwaysCandidates: index.always, ruleIndex: ruleIndex)
        ruleSet.warnings = warnings.sorted { $0.location < $1.location }
        return (ruleSet, diagnostics.sorted { $0.location < $1.location })
    }

    /// The tables grow with the rule count: sized once rather than rehashed on the way.
    private mutating func reserve(ruleCount: Int, actorCount: Int) {
        let expected = ruleCount + actorCount * 4
        bareWords.reserveCapacity(expected)
        wordElements.reserveCapacity(expected)
        patternIndex.reserveCapacity(expected)
        patterns.reserveCapacity(expected)
        labels.reserveCapacity(expected)
        labelIDs.reserveCapacity(expected)
        out.nodes.reserveCapacity(ruleCount * 4)
        out.children.reserveCapacity(ruleCount * 3)
        out.leaves.reserveCapacity(ruleCount * 3)
        out.patternIDs.reserveCapacity(ruleCount * 3)
        out.entries.reserveCapacity(ruleCount)
    }

    /// The element id of word or prefix `id` (see `Program.elementID`). Final only once every rule
    /// is compiled: the words are numbered first, and more words may come with each rule.
    func elementID(_ e: PatternElement) -> Int32 {
        Program.elementID(e.id, isPrefix: e.isPrefix, wordCount: Int32(words.count))
    }
}
