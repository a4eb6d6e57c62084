extension MatchContext {
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
    mutating func findNearPairs(
        _ left: Range<Int>, _ right: Range<Int>, _ n: Int32, ordered: Bool, limit: Int, within: Span? = nil
    ) {
        var found = 0
        if left.count * right.count <= Self.smallNearProduct {
            for i in left {
                let x = scratch.store[i]
                if let within, !within.contains(x) { continue }
                for j in right where Span.near(x, scratch.store[j], n, ordered: ordered) {
                    if let within, !within.contains(scratch.store[j]) { continue }
                    scratch.pairs.append(x)
                    scratch.pairs.append(scratch.store[j])
                    found += 1
                    if found >= limit { return }
                }
            }
            return
        }
        let spans = scratch.store
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
                    scratch.pairs.append(earlierIsLeft ? a : b)
                    scratch.pairs.append(earlierIsLeft ? b : a)
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
}
