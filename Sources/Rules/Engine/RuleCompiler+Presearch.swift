/// Steps 3 to 5 of `RuleCompiler.compile`, once every word and prefix is known: element costs,
/// pattern anchors and the presearch index. Elements are numbered as `elementID` does.
extension RuleCompiler {
    /// Each element's cost, once (patterns and presearch keys compare them many times): mostly
    /// how many rules use it, then a guess from its length (short words are common), with a
    /// penalty for prefixes and for the most common words.
    mutating func computeElementCosts() {
        // How many rules name an element is the best guess this compiler has of how common it is
        // in text (specific names are named by few rules, topic words by many). Actor names count
        // once per actor: they are defined once, not written in each rule.
        var commonWordIDs: Set<Int32> = []
        for word in Self.commonWords {
            let id = words.find(Array(word.utf8))
            if id >= 0 { commonWordIDs.insert(id) }
        }
        let wordCount = words.count
        // Number of rules whose presearch could use each element.
        var usage = Array(repeating: 0, count: wordCount + prefixes.count)
        // A rule names a handful of elements: a list, searched, is cheaper than a set (which
        // takes over for a rule with many).
        var seen = SmallSet()
        func count(_ p: Int32) {
            for e in patterns[Int(p)].elements {
                let id = elementID(e)
                if seen.insert(id) { usage[Int(id)] += 1 }
            }
        }
        for entry in out.entries {
            seen.removeAll()
            for leaf in out.leaves[Int(entry.leafStart)..<Int(entry.leafEnd)] where leaf.actor < 0 {
                for k in Int(leaf.patternStart)..<Int(leaf.patternStart + leaf.patternCount) {
                    count(out.patternIDs[k])
                }
            }
        }
        for p in Set(actorLeaves.values.flatMap(\.patterns)) {
            seen.removeAll()
            count(p)
        }
        elementCosts = usage.indices.map { e in
            let u = usage[e]
            if e < wordCount {
                let common = commonWordIDs.contains(Int32(e)) ? 40 : 0
                return 16 * u * u + max(1, 10 - words.key(Int32(e)).count) + common
            }
            return 16 * u * u + max(1, 10 - prefixes.key(Int32(e - wordCount)).count) + 6
        }
    }

    /// The element that drives a pattern's search (and its presearch key) is the rarest one.
    mutating func chooseAnchors() {
        for i in patterns.indices {
            var best = Int.max
            for (k, e) in patterns[i].elements.enumerated() {
                let c = elementCost(elementID(e))
                if c < best {
                    best = c
                    patterns[i].anchor = k
                }
            }
        }
    }

    /// The presearch index (CSR): the rules registered under element `e` are
    /// `postings[starts[e]..<starts[e + 1]]`; `always` are the rules evaluated for every article.
    func presearchIndex() -> (starts: [Int32], postings: [Int32], always: [Int32]) {
        let presearch = out.entries.map { requirement($0.root) }
        let elementCount = words.count + prefixes.count
        var starts = [Int32](repeating: 0, count: elementCount + 1)
        var always: [Int32] = []
        for (r, p) in presearch.enumerated() {
            switch p {
            case .elements(let elements):
                for e in elements { starts[Int(e) + 1] += 1 }
            case .always, .none:
                always.append(Int32(r))
            }
        }
        for i in 0..<elementCount { starts[i + 1] += starts[i] }
        var postings = [Int32](repeating: 0, count: Int(starts[elementCount]))
        var fill = starts
        for (r, p) in presearch.enumerated() {
            guard case .elements(let elements) = p else { continue }
            for e in elements {
                postings[Int(fill[Int(e)])] = Int32(r)
                fill[Int(e)] += 1
            }
        }
        return (starts, postings, always)
    }

    /// What must be present in an article for a rule to possibly match.
    enum Presearch {
        /// At least one of these elements (by `elementID`).
        case elements([Int32])
        /// Nothing indexable (feed:/site: conditions): always evaluate.
        case always
        /// No positive requirement.
        case none
    }

    func requirement(_ n: Int32) -> Presearch {
        let node = out.nodes[Int(n)]
        switch node.kind {
        case .leaf:
            let leaf = out.leaves[Int(node.a)]
            let elements = out.patternIDs[Int(leaf.patternStart)..<Int(leaf.patternStart + leaf.patternCount)].map {
                p -> Int32 in
                let pattern = patterns[Int(p)]
                return elementID(pattern.elements[pattern.anchor])
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

    /// The keys of the operand that is cheapest to register under (an operand without positive
    /// keys does not count).
    func cheapest<Operands: Sequence<Int32>>(of operands: Operands) -> Presearch {
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
    func elementCost(_ element: Int32) -> Int {
        elementCosts[Int(element)]
    }
}
