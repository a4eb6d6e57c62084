/// An inverted index from a hash to the slots of the signatures that have it among their smallest:
/// one head per hash and chained nodes in flat arrays (no array per hash), newest first.
struct PostingTable: Sendable {
    /// For each hash: its first node and how many nodes it has.
    private var heads: [UInt32: (node: Int32, count: Int32)] = [:]
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
        let head = heads[key]
        next[Int(node)] = head?.node ?? -1
        heads[key] = (node, (head?.count ?? 0) + 1)
        count += 1
    }

    mutating func remove(_ key: UInt32, slot: Int32) {
        guard let head = heads[key] else { return }
        var node = head.node
        var previous: Int32 = -1
        while node >= 0 {
            if slots[Int(node)] == slot {
                let after = next[Int(node)]
                if head.count == 1 {
                    heads[key] = nil
                } else if previous >= 0 {
                    next[Int(previous)] = after
                    heads[key] = (head.node, head.count - 1)
                } else {
                    heads[key] = (after, head.count - 1)
                }
                free.append(node)
                count -= 1
                return
            }
            previous = node
            node = next[Int(node)]
        }
    }

    /// Calls `body` with the slots under `key`, newest first, and how many there are, unless there are
    /// more than `limit` (a hash that very many articles share, such as a shingle of an outlet's
    /// boilerplate, tells little).
    func forEach(_ key: UInt32, limit: Int, _ body: (_ slot: Int32, _ total: Int) -> Void) {
        guard let head = heads[key], head.count <= limit else { return }
        var node = head.node
        while node >= 0 {
            body(slots[Int(node)], Int(head.count))
            node = next[Int(node)]
        }
    }
}
