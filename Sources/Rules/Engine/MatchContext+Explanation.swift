extension MatchContext {
    /// Evaluates rule `r`; when it matches, appends its hits (in document order) to the
    /// article's records and returns their range, and how many hits were left out: of each term,
    /// only the first `RuleMatch.maxHitsPerTerm` in each field are kept (an article that repeats a
    /// word a million times makes no million-hit alert).
    mutating func match(rule r: Int32) -> (hits: Range<Int>, omitted: Int)? {
        let root = begin(rule: r).root
        guard eval(root) else { return nil }
        scratch.found.removeAll(keepingCapacity: true)
        scratch.special.removeAll(keepingCapacity: true)
        collect(root, within: nil)
        scratch.found.withUnsafeMutableBufferPointer { buffer in
            Self.sortSpans(buffer) {
                ($0.instance, $0.start, $1.end, $0.leaf) < ($1.instance, $1.start, $0.end, $1.leaf)
            }
        }
        let first = records.count
        // Hits that start at the same place are records[groupFirst...]. The same term at the
        // same place is reported once, with its longest span (spans are sorted longest first).
        // Terms are interned: equal terms have equal ids.
        var groupFirst = first
        // The terms seen in the current group: groupTerms[groupTermsStart...].
        var groupTerms = scratch.groupTerms
        scratch.groupTerms = []
        defer { scratch.groupTerms = groupTerms }
        groupTerms.removeAll(keepingCapacity: true)
        var groupTermsStart = 0
        // Hits kept per term in the current field: termHits[term], for the terms in `counted`.
        var termHits = scratch.termHits
        var counted = scratch.countedTerms
        (scratch.termHits, scratch.countedTerms) = ([], [])
        if termHits.count < strings.count {
            termHits.append(contentsOf: repeatElement(0, count: strings.count - termHits.count))
        }
        func clearCounts() {
            for t in counted { termHits[Int(t)] = 0 }
            counted.removeAll(keepingCapacity: true)
        }
        defer {
            clearCounts()
            (scratch.termHits, scratch.countedTerms) = (termHits, counted)
        }
        var countedField: Field?
        var omitted = 0
        var groupInstance: Int32 = -1
        var groupPosition: Int32 = -1
        for s in scratch.found {
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
                offset: scratch.stream.tokens[Int(s.start)].scalarStart,
                utf8Start: scratch.stream.tokens[Int(s.start)].utf8Start,
                utf8End: scratch.stream.tokens[Int(s.end)].utf8End)
            // Categories are separate instances that may hold the same text at the same offset.
            let field = instanceField[Int(s.instance)]
            if field == .category, isRepeatedCategoryHit(record, in: first..<groupFirst) {
                continue
            }
            if field != countedField {
                clearCounts()
                countedField = field
            }
            let t = Int(leaf.term)
            if termHits[t] == 0 { counted.append(leaf.term) }
            if termHits[t] >= RuleMatch.maxHitsPerTerm {
                omitted += 1
                continue
            }
            termHits[t] += 1
            records.append(record)
        }
        // `feed:`/`site:` values are interned: the same condition is the same record.
        for (k, hit) in scratch.special.enumerated() where !scratch.special[..<k].contains(hit) {
            records.append(hit)
        }
        return (first..<records.count, omitted)
    }

    /// Starts the evaluation of rule `r`: no leaf's spans known yet. Returns its entry.
    mutating func begin(rule r: Int32) -> Program.RuleEntry {
        let entry = ruleEntries[Int(r)]
        leafBase = entry.leafStart
        let leafCountOfRule = Int(entry.leafEnd - leafBase)
        if scratch.leafStart.count < leafCountOfRule {
            scratch.leafStart.append(contentsOf: repeatElement(-1, count: leafCountOfRule - scratch.leafStart.count))
            scratch.leafCount.append(contentsOf: repeatElement(0, count: leafCountOfRule - scratch.leafCount.count))
        }
        for i in 0..<leafCountOfRule { scratch.leafStart[i] = -1 }
        return entry
    }

    /// Whether an earlier hit of the rule is the same term with the same text at the same
    /// offset in another category.
    func isRepeatedCategoryHit(_ record: Evidence.Record, in range: Range<Int>) -> Bool {
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
    mutating func collect(_ n: Int32, within: Span?) {
        let node = nodes[Int(n)]
        switch node.kind {
        case .leaf:
            for i in leafSpans(node.a) {
                let s = scratch.store[i]
                if within.map({ $0.contains(s) }) ?? true { scratch.found.append(s) }
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
            let pairBase = scratch.pairs.count
            findNearPairs(left, right, node.c, ordered: node.kind == .onear, limit: Self.maxNearPairs, within: within)
            if scratch.pairs.count - pairBase > 2 * Self.maxExplainedNearPairs {
                scratch.pairs.removeLast(scratch.pairs.count - pairBase - 2 * Self.maxExplainedNearPairs)
            }
            let pairEnd = scratch.pairs.count
            var k = pairBase
            while k < pairEnd {
                let x = scratch.pairs[k]
                let y = scratch.pairs[k + 1]
                k += 2
                if x.leaf >= 0 { scratch.found.append(x) } else { collect(node.a, within: x) }
                if y.leaf >= 0 { scratch.found.append(y) } else { collect(node.b, within: y) }
            }
            scratch.pairs.removeLast(pairEnd - pairBase)
        case .feed:
            scratch.special.append(
                Evidence.Record(
                    term: node.a, actor: -1, instance: Evidence.Record.feed, offset: 0, utf8Start: 0, utf8End: 0))
        case .site:
            scratch.special.append(
                Evidence.Record(
                    term: node.a, actor: -1, instance: Evidence.Record.site, offset: 0, utf8Start: 0, utf8End: 0))
        }
    }
}
