import Foundation

/// Builds a `RuleSet`: parses and checks each rule, interns words, prefixes and patterns, and
/// builds the presearch index.
struct RuleCompiler {
    private var words = ByteTable()
    private var prefixes = ByteTable()
    private var prefixLengths: [Bool] = []
    private var patterns: [Pattern] = []
    private var patternIndex: [[PatternElement]: Int32] = [:]
    private var diagnostics: [Diagnostic] = []
    /// Elements of each distinct rule word (most words recur in many rules).
    private struct WordKey: Hashable {
        var text: String
        var isPrefix: Bool
    }
    private var wordElements: [WordKey: [PatternElement]] = [:]
    /// Pattern and label of each distinct bare word used as a term (most terms are one).
    private var bareWords: [WordKey: (pattern: Int32?, label: Int32)] = [:]
    /// The program being emitted, rule after rule.
    private var out = CompiledRules()
    /// Child node ids of the AND and OR nodes being emitted, innermost last.
    private var childStack: [Int32] = []
    /// Terms and actor ids as reported in hits, each once: leaves refer to them by index.
    private var labels: [String] = []
    private var labelIDs: [String: Int32] = [:]
    /// Each actor's patterns (its names) and labels.
    private var actorLeaves: [String: (patterns: [Int32], term: Int32, actor: Int32)] = [:]
    /// `elementCost` of each word and prefix, computed once the usage is known.
    private var wordCosts: [Int] = []
    private var prefixCosts: [Int] = []

    /// A small list of very common words, avoided as presearch keys when possible.
    private static let commonWords: Set<String> = [
        "the", "a", "an", "of", "to", "in", "and", "or", "on", "for", "with", "by", "at", "is", "was", "be", "as",
        "from", "that", "this", "it", "its", "are", "has", "have", "he", "she", "they", "not", "but", "said",
    ]

    /// Parses and checks every rule's expression. Each is independent of the others, so a big
    /// rule set is parsed on all cores, in as many interleaved shares.
    static func parseAll(_ rules: [RuleDefinition], actors: Set<String>)
        -> [(expression: MatchExpression?, diagnostics: [Diagnostic])]
    {
        let shares = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        guard rules.count >= 4096, shares > 1 else { return rules.map { MatchExpression.parse($0.match, actors: actors) } }
        var results = [(expression: MatchExpression?, diagnostics: [Diagnostic])](
            repeating: (nil, []), count: rules.count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each slot is written by exactly one share (slots share, share + shares, ...), and
            // read only after `concurrentPerform` has returned.
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: shares) { share in
                for i in stride(from: share, to: rules.count, by: shares) {
                    out[i] = MatchExpression.parse(rules[i].match, actors: actors)
                }
            }
        }
        return results
    }

    mutating func compile(actors: [ActorDefinition], rules: [RuleDefinition]) -> (ruleSet: RuleSet, diagnostics: [Diagnostic]) {
        // The tables grow with the rule count: sized once rather than rehashed on the way.
        let expected = rules.count + actors.count * 4
        bareWords.reserveCapacity(expected)
        wordElements.reserveCapacity(expected)
        patternIndex.reserveCapacity(expected)
        patterns.reserveCapacity(expected)
        labels.reserveCapacity(expected)
        labelIDs.reserveCapacity(expected)
        out.nodes.reserveCapacity(rules.count * 4)
        out.children.reserveCapacity(rules.count * 3)
        out.leaves.reserveCapacity(rules.count * 3)
        out.patternIDs.reserveCapacity(rules.count * 3)
        out.entries.reserveCapacity(rules.count)
        // Actors.
        var actorLocations: [String: SourceLocation] = [:]
        var brokenActors: Set<String> = []
        for actor in actors {
            if let first = actorLocations[actor.id] {
                diagnostics.append(Diagnostic(actor.location, "duplicate actor id '\(actor.id)' (first defined at \(first))"))
                continue
            }
            actorLocations[actor.id] = actor.location
            var ids: [Int32] = []
            var ok = true
            if actor.names.isEmpty {
                diagnostics.append(Diagnostic(actor.location, "actor '\(actor.id)' has no names; add `names: [...]`"))
                ok = false
            }
            for (index, name) in actor.names.enumerated() {
                if let id = namePattern(name, actor: actor, at: actor.location(ofName: index)) { ids.append(id) } else { ok = false }
            }
            if ok {
                actorLeaves[actor.id] = (Self.sortedUnique(ids), label("@" + actor.id), label(actor.id))
            } else {
                brokenActors.insert(actor.id)
            }
        }
        let knownActors = Set(actorLocations.keys)

        // Rules.
        var ruleLocations: [String: SourceLocation] = [:]
        var outRules: [Rule] = []
        var presearch: [Presearch] = []
        ruleLocations.reserveCapacity(rules.count)
        outRules.reserveCapacity(rules.count)
        presearch.reserveCapacity(rules.count)
        let parsedRules = Self.parseAll(rules, actors: knownActors)
        for (index, def) in rules.enumerated() {
            var ok = !def.checkOnly
            if !def.id.isEmpty {
                if let first = ruleLocations[def.id] {
                    diagnostics.append(Diagnostic(def.location, "duplicate rule id '\(def.id)' (first defined at \(first))"))
                    ok = false
                } else {
                    ruleLocations[def.id] = def.location
                }
            }
            var selectors: [FeedSelector] = []
            for text in def.feeds {
                if let selector = FeedSelector(parsing: text) {
                    selectors.append(selector)
                } else {
                    diagnostics.append(Diagnostic(def.location, "\(def.label): empty feed selector '\(text)'"))
                    ok = false
                }
            }
            let (parsed, problems) = parsedRules[index]
            diagnostics += problems
            guard let expression = parsed else { continue }
            if !brokenActors.isEmpty, let broken = usedActors(expression).first(where: brokenActors.contains) {
                diagnostics.append(Diagnostic(def.location, "\(def.label) uses @\(broken), whose definition has errors"))
                continue
            }
            guard ok else { continue }
            let leafStart = Int32(out.leaves.count)
            let root = compileNode(expression, scope: ScopeMask.text)
            out.entries.append(Program.RuleEntry(root: root, leafStart: leafStart, leafEnd: Int32(out.leaves.count)))
            outRules.append(
                Rule(
                    id: def.id, title: def.title ?? def.id, severity: def.severity, tags: def.tags, feeds: selectors,
                    expression: expression, location: def.location))
        }

        // Presearch keys: how many rules name an element is the best guess this compiler has of
        // how common it is in text (specific names are named by few rules, topic words by many).
        // Actor names count once per actor: they are defined once, not written in each rule.
        var commonWordIDs: Set<Int32> = []
        for word in Self.commonWords {
            let id = words.find(Array(word.utf8))
            if id >= 0 { commonWordIDs.insert(id) }
        }
        // Number of rules whose presearch could use each word / prefix.
        var wordUsage = Array(repeating: 0, count: words.count)
        var prefixUsage = Array(repeating: 0, count: prefixes.count)
        // A rule names a handful of elements: a list, searched, is cheaper than a set (which
        // takes over for a rule with many).
        var seen = SmallSet()
        func count(_ p: Int32, _ seen: inout SmallSet) {
            for e in patterns[Int(p)].elements where seen.insert(e.isPrefix ? -(e.id + 1) : e.id) {
                if e.isPrefix { prefixUsage[Int(e.id)] += 1 } else { wordUsage[Int(e.id)] += 1 }
            }
        }
        for entry in out.entries {
            seen.removeAll()
            for leaf in out.leaves[Int(entry.leafStart)..<Int(entry.leafEnd)] where leaf.actor < 0 {
                for k in Int(leaf.patternStart)..<Int(leaf.patternStart + leaf.patternCount) {
                    count(out.patternIDs[k], &seen)
                }
            }
        }
        for p in Set(actorLeaves.values.flatMap(\.patterns)) {
            seen.removeAll()
            count(p, &seen)
        }
        // Each element's cost, once (patterns and presearch keys compare them many times): mostly
        // how many rules use it, then a guess from its length (short words are common), with a
        // penalty for prefixes and for the most common words.
        wordCosts = wordUsage.indices.map { id in
            let u = wordUsage[id]
            let common = commonWordIDs.contains(Int32(id)) ? 40 : 0
            return 16 * u * u + max(1, 10 - words.key(Int32(id)).count) + common
        }
        prefixCosts = prefixUsage.indices.map { id in
            let u = prefixUsage[id]
            return 16 * u * u + max(1, 10 - prefixes.key(Int32(id)).count) + 6
        }
        // The element that drives a pattern's search (and its presearch key) is the rarest one.
        for i in patterns.indices {
            var best = Int.max
            for (k, e) in patterns[i].elements.enumerated() {
                let c = elementCost(e.isPrefix ? -(e.id + 1) : e.id)
                if c < best {
                    best = c
                    patterns[i].anchor = k
                }
            }
        }
        for entry in out.entries {
            presearch.append(requirement(entry.root))
        }

        // Presearch index (CSR).
        let elementCount = words.count + prefixes.count
        let wordCount = Int32(words.count)
        func element(_ e: Int32) -> Int32 { e >= 0 ? e : wordCount - e - 1 }
        var counts = [Int32](repeating: 0, count: elementCount + 1)
        var always: [Int32] = []
        for (r, p) in presearch.enumerated() {
            switch p {
            case .elements(let elements):
                for e in elements { counts[Int(element(e)) + 1] += 1 }
            case .always, .none:
                always.append(Int32(r))
            }
        }
        for i in 0..<elementCount { counts[i + 1] += counts[i] }
        var postings = [Int32](repeating: 0, count: Int(counts[elementCount]))
        var fill = counts
        for (r, p) in presearch.enumerated() {
            guard case .elements(let elements) = p else { continue }
            for e in elements.map(element) {
                postings[Int(fill[Int(e)])] = Int32(r)
                fill[Int(e)] += 1
            }
        }
        var index: [String: Int] = [:]
        index.reserveCapacity(outRules.count)
        for (i, rule) in outRules.enumerated() { index[rule.id] = i }
        prefixes.buildFilter(startFilter: true)
        words.buildFilter(startFilter: false)
        let ruleSet = RuleSet(
            rules: outRules, program: Program(rules: out, patterns: patterns, labels: labels), words: words,
            prefixes: prefixes, prefixLengths: prefixLengths, postingStarts: counts, postings: postings, alwaysCandidates: always, ruleIndex: index)
        return (ruleSet, diagnostics.sorted { $0.location < $1.location })
    }

    private func usedActors(_ e: MatchExpression) -> [String] {
        switch e.node {
        case .actor(let id): [id]
        case .term, .site, .feed: []
        case .not(let x), .scope(_, let x): usedActors(x)
        case .and(let xs), .or(let xs): xs.flatMap(usedActors)
        case .near(let a, let b, _, _): usedActors(a) + usedActors(b)
        }
    }

    /// A `site:` value as the articles' hosts are written: lower case, international names in Unicode
    /// (`xn--bcher-kva.de` is `bücher.de`), as `URLComponents` gives them.
    static func siteHost(_ value: String) -> String {
        (URLComponents(string: "http://" + value)?.host).flatMap { $0.isEmpty ? nil : $0 }?.lowercased() ?? value.lowercased()
    }

    // MARK: Patterns

    /// An actor name, matched like a quoted phrase.
    private mutating func namePattern(_ name: String, actor: ActorDefinition, at location: SourceLocation) -> Int32? {
        var termWords: [Term.Word] = []
        for piece in name.unicodeScalars.split(whereSeparator: { $0.isSpace }) {
            var text = String(piece)
            var isPrefix = false
            if text.hasSuffix("*") {
                text.removeLast()
                isPrefix = true
            }
            if text.contains("*") || (isPrefix && text.isEmpty) {
                diagnostics.append(Diagnostic(location, "actor '\(actor.id)': '*' is only allowed at the end of a word, after at least 3 characters, in name '\(name)'"))
                return nil
            }
            termWords.append(Term.Word(text: text, isPrefix: isPrefix, offset: 0))
        }
        let term = Term(words: termWords, isQuoted: true)
        guard let elements = cachedElements(of: term) else {
            diagnostics.append(Diagnostic(location, "actor '\(actor.id)': name '\(name)' has no letters or digits to match"))
            return nil
        }
        for w in termWords where w.isPrefix {
            let last = TextNormalizer.tokens(w.text).last
            if let last, !last.isHangul, !last.isNoSpaceScript, last.key.unicodeScalars.count < 3 {
                diagnostics.append(Diagnostic(location, "actor '\(actor.id)': '*' needs at least 3 characters before it in name '\(name)'"))
                return nil
            }
        }
        return intern(elements)
    }

    /// The elements of a term, or nil if it has no word at all.
    /// The elements of one word of a term (not `raw:`), normalized once per distinct word.
    private mutating func elements(of word: Term.Word) -> [PatternElement] {
        let key = WordKey(text: word.text, isPrefix: word.isPrefix)
        if let known = wordElements[key] { return known }
        var out: [PatternElement]
        if word.text.isASCIIAlphanumericWord {
            // Plain ASCII letters and digits: one token, the word in lower case.
            out = [element(Array(word.text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }), isPrefix: word.isPrefix)]
        } else {
            out = elements(of: Term(words: [word], isQuoted: false)) ?? []
        }
        wordElements[key] = out
        return out
    }

    /// The elements of a term, or nil if it has no word at all.
    private mutating func cachedElements(of term: Term) -> [PatternElement]? {
        if term.isRaw { return elements(of: term) }
        if term.words.count == 1 {
            let out = elements(of: term.words[0])
            return out.isEmpty ? nil : out
        }
        var out: [PatternElement] = []
        for word in term.words { out += elements(of: word) }
        return out.isEmpty ? nil : out
    }

    /// The element for a normalized key: a word, or a prefix (registering its length).
    private mutating func element(_ key: [UInt8], isPrefix: Bool) -> PatternElement {
        if isPrefix {
            let id = prefixes.insert(key)
            if key.count >= prefixLengths.count {
                prefixLengths += Array(repeating: false, count: key.count + 1 - prefixLengths.count)
            }
            prefixLengths[key.count] = true
            return PatternElement(isPrefix: true, id: id, raw: nil)
        }
        return PatternElement(isPrefix: false, id: words.insert(key), raw: nil)
    }

    private mutating func elements(of term: Term) -> [PatternElement]? {
        var out: [PatternElement] = []
        for word in term.words {
            let stream = TokenStream(word.text)
            for i in stream.tokens.indices {
                let t = stream.tokens[i]
                let key = Array(stream.keys[Int(t.keyStart)..<Int(t.keyEnd)])
                let noSpace = t.flags & TokenInfo.noSpace != 0
                let isPrefix = !noSpace && (t.flags & TokenInfo.hangul != 0 || (word.isPrefix && i == stream.tokens.count - 1))
                var e = element(key, isPrefix: isPrefix)
                e.raw = term.isRaw ? RawForm.of(stream.original(from: i, through: i)) : nil
                e.joined = i > 0 && noSpace && stream.tokens[i - 1].flags & TokenInfo.noSpace != 0
                    && stream.tokens[i - 1].touches(t)
                out.append(e)
            }
        }
        return out.isEmpty ? nil : out
    }

    private mutating func intern(_ elements: [PatternElement]) -> Int32 {
        let key = elements
        if let id = patternIndex[key] { return id }
        let id = Int32(patterns.count)
        // The anchor is chosen once all rules are known (see `compile`).
        patterns.append(Pattern(elements: elements, anchor: 0))
        patternIndex[key] = id
        return id
    }

    /// The pattern (nil: the term has no word to match) and the label of a term.
    private mutating func termLeaf(_ term: Term) -> (pattern: Int32?, label: Int32) {
        guard term.words.count == 1, !term.isQuoted, !term.isRaw else {
            return (cachedElements(of: term).map { intern($0) }, label(term.description))
        }
        let word = term.words[0]
        let key = WordKey(text: word.text, isPrefix: word.isPrefix)
        if let known = bareWords[key] { return known }
        let leaf = (pattern: cachedElements(of: term).map { intern($0) }, label: label(term.description))
        bareWords[key] = leaf
        return leaf
    }

    /// The patterns and labels of an actor's leaves.
    private mutating func actorLeaf(_ id: String) -> (patterns: [Int32], term: Int32, actor: Int32) {
        if let known = actorLeaves[id] { return known }
        // Not a defined actor (the checker reports those, and such rules are left out).
        let leaf = (patterns: [Int32](), term: label("@" + id), actor: label(id))
        actorLeaves[id] = leaf
        return leaf
    }

    /// The index of a label (equal labels get equal indices, so that explanations compare
    /// indices, not strings).
    private mutating func label(_ s: String) -> Int32 {
        if let id = labelIDs[s] { return id }
        let id = Int32(labels.count)
        labels.append(s)
        labelIDs[s] = id
        return id
    }

    // MARK: Nodes

    /// Emits the nodes of an expression (children first) and its leaves; returns its node.
    private mutating func compileNode(_ e: MatchExpression, scope: UInt8) -> Int32 {
        switch e.node {
        case .term(let term):
            let (pattern, label) = termLeaf(term)
            let start = Int32(out.patternIDs.count)
            if let pattern { out.patternIDs.append(pattern) }
            return leafNode(
                CompiledLeaf(patternStart: start, patternCount: pattern == nil ? 0 : 1, scope: scope, term: label, actor: -1))
        case .actor(let id):
            let actor = actorLeaf(id)
            let start = Int32(out.patternIDs.count)
            out.patternIDs += actor.patterns
            return leafNode(
                CompiledLeaf(
                    patternStart: start, patternCount: Int32(actor.patterns.count), scope: scope, term: actor.term,
                    actor: actor.actor))
        case .and(let xs), .or(let xs):
            let base = childStack.count
            for x in xs { childStack.append(compileNode(x, scope: scope)) }
            let start = Int32(out.children.count)
            out.children += childStack[base...]
            childStack.removeLast(childStack.count - base)
            let kind: Program.Kind
            if case .and = e.node { kind = .and } else { kind = .or }
            out.nodes.append(Program.Node(kind: kind, a: start, b: Int32(xs.count), c: 0))
        case .not(let x):
            let id = compileNode(x, scope: scope)
            out.nodes.append(Program.Node(kind: .not, a: id, b: 0, c: 0))
        case .near(let a, let b, let n, let ordered):
            let left = compileNode(a, scope: scope)
            let right = compileNode(b, scope: scope)
            out.nodes.append(Program.Node(kind: ordered ? .onear : .near, a: left, b: right, c: Int32(n)))
        case .scope(let field, let x):
            return compileNode(x, scope: ScopeMask.of(field))
        case .feed(let value):
            out.nodes.append(Program.Node(kind: .feed, a: label(value.lowercased()), b: 0, c: 0))
        case .site(let value):
            out.nodes.append(Program.Node(kind: .site, a: label(Self.siteHost(value)), b: 0, c: 0))
        }
        return Int32(out.nodes.count - 1)
    }

    /// Emits a leaf and its node.
    private mutating func leafNode(_ leaf: CompiledLeaf) -> Int32 {
        out.leaves.append(leaf)
        out.nodes.append(Program.Node(kind: .leaf, a: Int32(out.leaves.count - 1), b: 0, c: 0))
        return Int32(out.nodes.count - 1)
    }

    // MARK: Presearch

    /// What must be present in an article for a rule to possibly match.
    private enum Presearch {
        /// At least one of these elements (a word id, or `-(prefix id + 1)`).
        case elements([Int32])
        /// Nothing indexable (feed:/site: conditions): always evaluate.
        case always
        /// No positive requirement.
        case none
    }

    private func requirement(_ n: Int32) -> Presearch {
        let node = out.nodes[Int(n)]
        switch node.kind {
        case .leaf:
            let leaf = out.leaves[Int(node.a)]
            let elements = out.patternIDs[Int(leaf.patternStart)..<Int(leaf.patternStart + leaf.patternCount)].map {
                p -> Int32 in
                let pattern = patterns[Int(p)]
                let e = pattern.elements[pattern.anchor]
                return e.isPrefix ? -(e.id + 1) : e.id
            }
            return .elements(elements.count == 1 ? elements : Self.sortedUnique(elements))
        case .feed, .site:
            return .always
        case .not:
            return .none
        case .near, .onear:
            return cheapest(of: [node.a, node.b])
        case .and:
            return cheapest(of: out.children[Int(node.a)..<Int(node.a + node.b)])
        case .or:
            var union: [Int32] = []
            for x in out.children[Int(node.a)..<Int(node.a + node.b)] {
                switch requirement(x) {
                case .none: return .none
                case .always: return .always
                case .elements(let es): union += es
                }
            }
            return .elements(Self.sortedUnique(union))
        }
    }

    /// The distinct values, in increasing order.
    static func sortedUnique(_ values: [Int32]) -> [Int32] {
        var out = values.sorted()
        var kept = 0
        for v in out where kept == 0 || out[kept - 1] != v {
            out[kept] = v
            kept += 1
        }
        out.removeLast(out.count - kept)
        return out
    }

    /// A set of a few values, kept in a list while it is small.
    struct SmallSet {
        private var list: [Int32] = []
        private var set: Set<Int32> = []
        private static let limit = 32

        /// Adds `value`; whether it was new.
        mutating func insert(_ value: Int32) -> Bool {
            if list.count < Self.limit {
                if list.contains(value) { return false }
                list.append(value)
                if list.count == Self.limit { set = Set(list) }
                return true
            }
            return set.insert(value).inserted
        }

        mutating func removeAll() {
            list.removeAll(keepingCapacity: true)
            if !set.isEmpty { set = [] }
        }
    }

    /// The keys of the operand that is cheapest to register under (an operand without positive
    /// keys does not count).
    private func cheapest<Operands: Sequence<Int32>>(of operands: Operands) -> Presearch {
        var best: [Int32]?
        var bestCost = Int.max
        var sawAlways = false
        for operand in operands {
            switch requirement(operand) {
            case .none: continue
            case .always: sawAlways = true
            case .elements(let es):
                let c = es.reduce(0) { $0 + elementCost($1) }
                if c < bestCost {
                    bestCost = c
                    best = es
                }
            }
        }
        if let best { return .elements(best) }
        return sawAlways ? .always : .none
    }

    /// The expected cost of registering a rule under an element: mostly how many rules use it.
    private func elementCost(_ element: Int32) -> Int {
        element >= 0 ? wordCosts[Int(element)] : prefixCosts[Int(-element - 1)]
    }
}

/// The exact form used by `raw:`: NFKC, no case or diacritic folding.
enum RawForm {
    static func of(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.precomposedStringWithCompatibilityMapping
    }
}
