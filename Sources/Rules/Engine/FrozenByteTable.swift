/// A built `ByteTable`, copied once to stable memory for the matcher: lookups go through
/// `view`, plain pointers, so that the per-token loop does no reference counting and no
/// copy-on-write checks.
///
/// `@unchecked Sendable` invariant: every buffer is written once, in `init`, and only read
/// after that; `view` points into buffers this object owns, so it is valid while the object
/// lives (the rule set that holds it keeps it alive for the whole evaluation).
final class FrozenByteTable: @unchecked Sendable {
    private let slots: FrozenBuffer<ByteTable.Slot>
    private let starts: FrozenBuffer<Int32>
    private let arena: FrozenBuffer<UInt8>
    private let filter: FrozenBuffer<UInt64>
    private let startFilter: FrozenBuffer<UInt64>
    let view: ByteTableView
    let count: Int

    init(_ table: ByteTable) {
        slots = FrozenBuffer(table.slots)
        starts = FrozenBuffer(table.starts)
        arena = FrozenBuffer(table.arena)
        filter = FrozenBuffer(table.filter)
        startFilter = FrozenBuffer(table.startFilter)
        count = table.count
        view = ByteTableView(
            slots: slots.buffer, starts: starts.buffer, arena: arena.buffer, filter: filter.buffer,
            startFilter: startFilter.buffer)
    }

    /// The bytes of key `id`.
    func key(_ id: Int32) -> UnsafeBufferPointer<UInt8> {
        view.key(id)
    }
}

/// Pointers into a frozen `ByteTable`, valid while its `FrozenByteTable` lives.
struct ByteTableView {
    let slots: UnsafeBufferPointer<ByteTable.Slot>
    let starts: UnsafeBufferPointer<Int32>
    let arena: UnsafeBufferPointer<UInt8>
    let filter: UnsafeBufferPointer<UInt64>
    let startFilter: UnsafeBufferPointer<UInt64>

    /// The id of the key equal to `count` bytes at `base`, or -1. `h` is the bytes' hash and
    /// `head` their first eight bytes (`ByteTable.hash`, `ByteTable.head`).
    @inline(__always)
    func find(_ base: UnsafePointer<UInt8>?, _ count: Int, hash h: UInt64, head: UInt64) -> Int32 {
        guard let base else { return -1 }  // keys are never empty
        let tag = ByteTable.tag(h, count)
        let mask = slots.count - 1
        var i = ByteTable.home(h, mask)
        while true {
            let slot = slots[i]
            if slot.meta == 0 { return -1 }
            if slot.meta & ~0xFFFF_FFFF == tag && slot.head == head {
                let id = Int(slot.meta & 0xFFFF_FFFF) - 1
                if count <= 8 || tailEqual(id, base, count) { return Int32(id) }
            }
            i = (i + 1) & mask
        }
    }

    /// Whether key `id` has `count` bytes and bytes 8... of it equal those at `base`.
    private func tailEqual(_ id: Int, _ base: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let s = Int(starts[id])
        guard Int(starts[id + 1]) - s == count else { return false }
        var k = 8
        while k < count {
            if arena[s + k] != base[k] { return false }
            k += 1
        }
        return true
    }

    /// Whether the `filter` bit of a key with hash `h` is set (if not, no key has that hash).
    @inline(__always)
    func mayContain(hash h: UInt64) -> Bool {
        let b = ByteTable.filterBit(h, filter.count &* 64 &- 1)
        return filter[b >> 6] & (1 << UInt64(b & 63)) != 0
    }

    /// Whether some key of at least four bytes may start with the first four bytes of `head`.
    @inline(__always)
    func mayStart(head: UInt64) -> Bool {
        let b = ByteTable.startBit(head, startFilter.count &* 64 &- 1)
        return startFilter[b >> 6] & (1 << UInt64(b & 63)) != 0
    }

    /// The bytes of key `id`.
    func key(_ id: Int32) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: arena[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])])
    }
}
