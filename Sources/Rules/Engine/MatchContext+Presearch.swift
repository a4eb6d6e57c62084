extension MatchContext {
    /// Rules that can possibly match: those registered under a present element, plus the
    /// always-evaluated ones; in rule order.
    mutating func candidates() -> [Int32] {
        let ruleCount = set.rules.count
        var bits = scratch.bits
        scratch.bits = []
        if bits.count < (ruleCount + 63) / 64 {
            bits.append(contentsOf: repeatElement(0, count: (ruleCount + 63) / 64 - bits.count))
        }
        defer { scratch.bits = bits }
        set.postingStarts.withUnsafeBufferPointer { starts in
            set.postings.withUnsafeBufferPointer { postings in
                for e in scratch.presentElements
                where set.elementHasPostings[Int(e) >> 6] & (1 << UInt64(e & 63)) != 0 {
                    var i = Int(starts[Int(e)])
                    let hi = Int(starts[Int(e) + 1])
                    while i < hi {
                        let r = Int(postings[i])
                        bits[r >> 6] |= 1 << UInt64(r & 63)
                        i += 1
                    }
                }
            }
        }
        for r in set.alwaysCandidates { bits[Int(r) >> 6] |= 1 << UInt64(r & 63) }
        var out: [Int32] = []
        for w in bits.indices where bits[w] != 0 {
            var x = bits[w]
            bits[w] = 0  // all zero again for the next article
            while x != 0 {
                out.append(Int32(w * 64 + x.trailingZeroBitCount))
                x &= x - 1
            }
        }
        return out
    }

    /// Reads the first words of the candidates' compiled rules (entry, root node, first leaf,
    /// and the pattern of one-pattern leaves), one level after the other: the loads of one level
    /// do not depend on each other, so the processor has them all in flight at once. With a big
    /// rule set these are cache misses, which evaluating the rules one by one would take one
    /// after the other.
    /// Returns a sum of what it read, for the caller to keep (else the loads would be dead
    /// code to the optimizer).
    func warm(_ candidates: [Int32]) -> Int32 {
        let entries = ruleEntries
        var sum: Int32 = 0
        for r in candidates { sum &+= entries[Int(r)].root }
        for r in candidates {
            let entry = entries[Int(r)]
            sum &+= nodes[Int(entry.root)].a
            if entry.leafEnd > entry.leafStart { sum &+= leaves[Int(entry.leafStart)].onlyPattern }
        }
        for r in candidates {
            let entry = entries[Int(r)]
            for l in Int(entry.leafStart)..<Int(entry.leafEnd) {
                let p = leaves[l].onlyPattern
                if p >= 0 { sum &+= elements[Int(p)].id }
            }
        }
        return sum
    }
}
