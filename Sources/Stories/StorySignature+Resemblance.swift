extension StorySignature {
    /// The least share of the lead shingles that two leads must have in common for the containment of
    /// one text in the other to count.
    static let leadAgreement = 0.6
    /// The least number of sampled shingles on which a containment is estimated.
    static let minimumSamples = 16

    /// How much this article and `other` are one text, from 0 to 1 (the same both ways): the larger of
    /// their resemblance (the Jaccard index of their shingles) and, when their leads agree, the share of
    /// the shorter text's shingles that are in the longer one (a republication with paragraphs cut; the
    /// title and short paragraphs such as bylines and credits left out). A thin signature (`isThin`)
    /// resembles nothing: 0.
    public func resemblance(to other: StorySignature) -> Double {
        if isThin || other.isThin { return 0 }
        let jaccard = Self.jaccard(minima, other.minima)
        if jaccard >= 1 { return jaccard }
        guard Self.leadsAgree(lead, other.lead) else { return jaccard }
        var containment = 0.0
        if size <= other.size { containment = Self.textContainment(self, in: other) }
        if other.size <= size { containment = max(containment, Self.textContainment(other, in: self)) }
        return max(jaccard, containment)
    }

    private static func textContainment(_ short: StorySignature, in long: StorySignature) -> Double {
        containment(
            short.minima, full: short.minima.count >= k, in: long.minima, full: long.minima.count >= k,
            minimumSamples: minimumSamples, textOnly: true)
    }

    /// A hash as compared: without its two flag bits (title or short paragraph, end of the text), which
    /// may differ between two copies of one shingle. Ascending hashes have ascending keys.
    @inline(__always)
    static func key(_ v: UInt32) -> UInt32 {
        v >> 2
    }

    /// Bottom-k estimate of the Jaccard index: of the `k` smallest hashes of the union (below what both
    /// sketches cover), the share that is in both.
    static func jaccard(_ a: [UInt32], _ b: [UInt32]) -> Double {
        let bound = coverage(a, full: a.count >= k, b, full: b.count >= k)
        var i = 0
        var j = 0
        var union = 0
        var both = 0
        while union < k {
            let v: UInt32
            if i < a.count && j < b.count {
                if key(a[i]) == key(b[j]) {
                    v = key(a[i])
                    if v > bound { break }
                    both += 1
                    i += 1
                    j += 1
                } else if key(a[i]) < key(b[j]) {
                    v = key(a[i])
                    i += 1
                } else {
                    v = key(b[j])
                    j += 1
                }
            } else if i < a.count {
                v = key(a[i])
                i += 1
            } else if j < b.count {
                v = key(b[j])
                j += 1
            } else {
                break
            }
            if v > bound { break }
            union += 1
        }
        return union == 0 ? 0 : Double(both) / Double(union)
    }

    /// The keys both sketches hold all of: up to the largest of a full sketch (one that may have left
    /// hashes out), any for a sketch that holds all its set's hashes.
    private static func coverage(_ a: [UInt32], full aFull: Bool, _ b: [UInt32], full bFull: Bool) -> UInt32 {
        let aBound = aFull ? key(a[a.count - 1]) : UInt32.max
        let bBound = bFull ? key(b[b.count - 1]) : UInt32.max
        return min(aBound, bBound)
    }

    /// Estimate of the share of `a`'s set that is in `b`'s: of `a`'s hashes below what both sketches
    /// cover, the share that `b` has. With `textOnly`, of the hashes of the text proper but its last 30%
    /// (flag bits clear: the title, short paragraphs and the end, which outlets rewrite, add and cut, are
    /// left out), provided the title and short paragraphs are at most half of `a`'s. 0 when fewer than
    /// `minimumSamples` hashes are compared.
    static func containment(
        _ a: [UInt32], full aFull: Bool, in b: [UInt32], full bFull: Bool, minimumSamples: Int,
        textOnly: Bool = false
    ) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let bound = coverage(a, full: aFull, b, full: bFull)
        var j = 0
        var sampled = 0
        var minor = 0
        var tail = 0
        var shared = 0
        for v in a {
            if key(v) > bound { break }
            if textOnly && v & 1 != 0 {
                minor += 1
                continue
            }
            if textOnly && v & 2 != 0 {
                tail += 1
                continue
            }
            sampled += 1
            while j < b.count && key(b[j]) < key(v) { j += 1 }
            if j < b.count && key(b[j]) == key(v) { shared += 1 }
        }
        if sampled < minimumSamples || minor > sampled + tail { return 0 }
        return Double(shared) / Double(sampled)
    }

    /// Whether two leads are one: most of the shingles of one are in the other.
    static func leadsAgree(_ a: [UInt32], _ b: [UInt32]) -> Bool {
        let aFull = a.count >= leadK
        let bFull = b.count >= leadK
        let score = max(
            containment(a, full: aFull, in: b, full: bFull, minimumSamples: 4),
            containment(b, full: bFull, in: a, full: aFull, minimumSamples: 4))
        return score >= leadAgreement
    }
}
