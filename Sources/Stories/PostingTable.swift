/// An inverted index from a hash to the slots of the signatures that have it among their smallest:
/// one head per hash (its first node and count) and chained nodes in one flat array (no array per
/// hash), newest first.
struct PostingTable: Sendable {
    private struct Node: Sendable {
        var slot: Int32
        var next: Int32
    }

    private var heads: [UInt32: (node: Int32, count: Int32)] = [:]
    private var nodes = SlotArray<Node>()

    mutating func add(_ key: UInt32, slot: Int32) {
        let head = heads[key]
        let index = nodes.insert(Node(slot: slot, next: head?.node ?? -1))
        heads[key] = (index, (head?.count ?? 0) + 1)
    }

    mutating func remove(_ key: UInt32, slot: Int32) {
        guard let head = heads[key] else { return }
        var index = head.node
        var previous: Int32 = -1
        while index >= 0 {
            let node = nodes[index]
            if node.slot == slot {
                if head.count == 1 {
                    heads[key] = nil
                } else if previous >= 0 {
                    nodes[previous].next = node.next
                    heads[key] = (head.node, head.count - 1)
                } else {
                    heads[key] = (node.next, head.count - 1)
                }
                nodes.release(index)
                return
            }
            previous = index
            index = node.next
        }
    }

    /// Calls `body` with the newest `limit` slots under `key`, newest first, and how many there are in
    /// all (a hash that very many articles share tells little: a phrase of boilerplate, or a story that
    /// many outlets carry, whose newest articles are enough to find it).
    func forEach(_ key: UInt32, limit: Int, _ body: (_ slot: Int32, _ total: Int) -> Void) {
        guard let head = heads[key] else { return }
        var index = head.node
        var seen = 0
        while index >= 0 && seen < limit {
            let node = nodes[index]
            body(node.slot, Int(head.count))
            index = node.next
            seen += 1
        }
    }
}
