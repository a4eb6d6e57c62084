/// An inverted index from a hash to the slots of the signatures that have it among their smallest:
/// one head per hash and chained nodes in flat arrays (no array per hash), newest first.
struct PostingTable: Sendable {
    private var heads: [UInt32: Int32] = [:]
    private var slots: [Int32] = []
    private var next: [Int32] = []
    private var free: [Int32] = []

    /// The number of postings.
    private(set) var count = 0

    mutating func add(_ key: UInt32, slot: Int32) {
        let node: Int32
        if let reused = free.popLast() {
            node = reused
            slots[Int(node)] = slot
        } else {
            node = Int32(slots.count)
            slots.append(slot)
            next.append(-1)
        }
        next[Int(node)] = heads[key] ?? -1
        heads[key] = node
        count += 1
    }

    mutating func remove(_ key: UInt32, slot: Int32) {
        guard var node = heads[key] else { return }
        var previous: Int32 = -1
        while node >= 0 {
            if slots[Int(node)] == slot {
                let after = next[Int(node)]
                if previous >= 0 {
                    next[Int(previous)] = after
                } else if after >= 0 {
                    heads[key] = after
                } else {
                    heads[key] = nil
                }
                free.append(node)
                count -= 1
                return
            }
            previous = node
            node = next[Int(node)]
        }
    }

    /// Calls `body` with the slots under `key`, newest first, at most `limit` of them (a hash that
    /// very many articles share, such as a shingle of an outlet's boilerplate, tells little).
    func forEach(_ key: UInt32, limit: Int, _ body: (Int32) -> Void) {
        guard var node = heads[key] else { return }
        var seen = 0
        while node >= 0 && seen < limit {
            body(slots[Int(node)])
            seen += 1
            node = next[Int(node)]
        }
    }
}
