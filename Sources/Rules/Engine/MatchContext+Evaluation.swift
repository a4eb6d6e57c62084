extension MatchContext {
    /// The spans of a leaf in its scope, labelled with the leaf; for several patterns (an
    /// actor's names), sorted and with one span per start (the longest).
    mutating func leafSpans(_ l: Int32) -> Range<Int> {
        let slot = Int(l - leafBase)
        let cachedStart = Int(scratch.leafStart[slot])
        if cachedStart >= 0 { return cachedStart..<(cachedStart + Int(scratch.leafCount[slot])) }
        let leaf = leaves[Int(l)]
        if leaf.onlyPattern >= 0 {
            // One pattern: an absent anchor means no spans (as `spans(ofPattern:)` would find).
            let pattern = isPresent(leaf) ? spans(ofPattern: leaf.onlyPattern) : 0..<0
            let first = scratch.store.count
            copy(pattern, leaf: l, scope: leaf.scope)
            scratch.leafStart[slot] = Int32(first)
            scratch.leafCount[slot] = Int32(scratch.store.count - first)
            return first..<scratch.store.count
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
        let first = scratch.store.count
        if several {
            for i in patterns {
                let r = spans(ofPattern: leafPatterns[i])  // cached now
                copy(r, leaf: l, scope: leaf.scope)
            }
            if scratch.store.count - first > 1 {
                scratch.store.withUnsafeMutableBufferPointer { buffer in
                    Self.sortSpans(UnsafeMutableBufferPointer(rebasing: buffer[first...])) {
                        ($0.instance, $0.start, $1.end) < ($1.instance, $1.start, $0.end)
                    }
                }
                var kept = first + 1
                for i in (first + 1)..<scratch.store.count {
                    let s = scratch.store[i]
                    let last = scratch.store[kept - 1]
                    if last.instance != s.instance || last.start != s.start {
                        scratch.store[kept] = s
                        kept += 1
                    }
                }
                scratch.store.removeLast(scratch.store.count - kept)
            }
        } else {
            copy(only, leaf: l, scope: leaf.scope)
        }
        scratch.leafStart[slot] = Int32(first)
        scratch.leafCount[slot] = Int32(scratch.store.count - first)
        return first..<scratch.store.count
    }

    /// Whether leaf `l` has a span in its scope: `!leafSpans(l).isEmpty`, without copying and
    /// labelling the spans of a one-pattern leaf (most rules that are candidates do not fire,
    /// and only those that fire need their spans).
    mutating func leafMatches(_ l: Int32) -> Bool {
        let slot = Int(l - leafBase)
        if scratch.leafStart[slot] >= 0 { return scratch.leafCount[slot] > 0 }
        let leaf = leaves[Int(l)]
        guard leaf.onlyPattern >= 0 else { return !leafSpans(l).isEmpty }
        if isPresent(leaf) {
            for i in spans(ofPattern: leaf.onlyPattern)
            where instanceMask[Int(scratch.store[i].instance)] & leaf.scope != 0 {
                return true
            }
        }
        scratch.leafStart[slot] = Int32(scratch.store.count)  // settled: no spans
        scratch.leafCount[slot] = 0
        return false
    }

    /// The element id of word or prefix `id`: prefixes are numbered after the words.
    @inline(__always)
    func elementID(_ id: Int32, isPrefix: Bool) -> Int32 {
        Program.elementID(id, isPrefix: isPrefix, wordCount: wordCount)
    }

    /// Whether the anchor of one-pattern leaf `leaf` occurs in the article (if not, the leaf
    /// has no spans, and its pattern need not be read).
    @inline(__always)
    func isPresent(_ leaf: Program.Leaf) -> Bool {
        scratch.elementIndex.get(elementID(leaf.anchor, isPrefix: leaf.anchorIsPrefix)) != nil
    }

    /// Sorts spans in place: by insertion for the short, mostly ordered runs the matcher sorts
    /// (a leaf's spans come sorted per pattern), which allocates nothing; else the library sort.
    @inline(__always)
    static func sortSpans(_ spans: UnsafeMutableBufferPointer<Span>, by less: (Span, Span) -> Bool) {
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
    mutating func copy(_ range: Range<Int>, leaf: Int32, scope: UInt8) {
        for i in range {
            var s = scratch.store[i]
            guard instanceMask[Int(s.instance)] & scope != 0 else { continue }
            s.leaf = leaf
            scratch.store.append(s)
        }
    }

    mutating func spans(_ n: Int32) -> Range<Int> {
        let node = nodes[Int(n)]
        switch node.kind {
        case .leaf:
            return leafSpans(node.a)
        case .or:
            var first = -1
            var single: Range<Int> = scratch.store.count..<scratch.store.count
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
                    first = scratch.store.count
                    for i in single { scratch.store.append(scratch.store[i]) }
                }
                for i in r { scratch.store.append(scratch.store[i]) }
            }
            return nonEmpty <= 1 ? single : first..<scratch.store.count
        case .near, .onear:
            let left = spans(node.a)
            if left.isEmpty { return scratch.store.count..<scratch.store.count }
            let right = spans(node.b)
            let first = scratch.store.count
            let base = scratch.pairs.count
            findNearPairs(left, right, node.c, ordered: node.kind == .onear, limit: Self.maxNearPairs)
            var k = base
            while k < scratch.pairs.count {
                let (x, y) = (scratch.pairs[k], scratch.pairs[k + 1])
                scratch.store.append(
                    Span(instance: x.instance, start: min(x.start, y.start), end: max(x.end, y.end), leaf: -1))
                k += 2
            }
            scratch.pairs.removeLast(scratch.pairs.count - base)
            return first..<scratch.store.count
        default:
            return scratch.store.count..<scratch.store.count
        }
    }

    mutating func eval(_ n: Int32) -> Bool {
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
            let base = scratch.pairs.count
            findNearPairs(left, right, node.c, ordered: node.kind == .onear, limit: 1)
            defer { scratch.pairs.removeLast(scratch.pairs.count - base) }
            return scratch.pairs.count > base
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
}
