/// An immutable-after-build hash table from byte strings to dense ids (0, 1, 2 …).
///
/// Keys live in one byte arena; lookups take a pointer, a precomputed hash and the key's first
/// eight bytes, so that the matcher can probe with slices of a token buffer (a token, or each of
/// its prefixes) without allocating.
///
/// Each slot is 16 bytes: the key's first eight bytes, and its id, length and 24 bits of its
/// hash. A probe for an absent key, and a probe for a present key of at most eight bytes (most
/// words), touches that one slot and never the arena: at 100k rules the table is bigger than
/// the core's cache, and every further memory access per token would be a cache miss.
struct ByteTable: Sendable {
    struct Slot: BitwiseCopyable {
        /// The key's first eight bytes, little-endian, zero-padded.
        var head: UInt64
        /// `fingerprint << 40 | min(length, 255) << 32 | (id + 1)`; 0 is empty.
        var meta: UInt64
    }

    private(set) var arena: [UInt8] = []
    /// Key `i` is `arena[starts[i]..<starts[i + 1]]`.
    private(set) var starts: [Int32] = [0]
    private var hashes: [UInt64] = []
    /// Open addressing, linear probing. Capacity is a power of two.
    private(set) var slots: [Slot] = Array(repeating: Slot(head: 0, meta: 0), count: 16)

    var count: Int { starts.count - 1 }

    /// The hash of the `count` bytes at `p`, eight bytes at a time. Reads whole 8-byte words:
    /// up to 7 bytes past the end of the key must be readable (their values do not matter).
    @inline(__always)
    static func hash(_ p: UnsafeRawPointer, _ count: Int) -> UInt64 {
        var h = hashStart(count)
        var k = 0
        while k + 8 <= count {
            h = mix(h, p.loadUnaligned(fromByteOffset: k, as: UInt64.self))
            k += 8
        }
        if k < count { h = mix(h, head(p + k, count - k)) }
        return hashFinish(h)
    }

    @inline(__always)
    private static func hashStart(_ count: Int) -> UInt64 {
        0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
    }

    @inline(__always)
    private static func hashFinish(_ h: UInt64) -> UInt64 {
        let x = (h ^ (h >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        return x ^ (x >> 33)
    }

    @inline(__always)
    private static func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let x = (h ^ word) &* 0xC2B2_AE3D_27D4_EB4F
        return x ^ (x >> 31)
    }

    /// The first `min(count, 8)` bytes at `p` as a little-endian integer, zero-padded (reads
    /// eight bytes, like `hash`).
    @inline(__always)
    static func head(_ p: UnsafeRawPointer, _ count: Int) -> UInt64 {
        let word = p.loadUnaligned(as: UInt64.self)
        return count >= 8 ? word : word & ((1 &<< UInt64(count &* 8)) &- 1)
    }

    /// `hash` and `head` of bytes that may not be followed by seven readable bytes (the
    /// compiler's keys): the same values, with the last partial word assembled byte by byte.
    static func hashAndHead<C: Collection>(_ bytes: C) -> (hash: UInt64, head: UInt64) where C.Element == UInt8 {
        let count = bytes.count
        var h = hashStart(count)
        var head: UInt64 = 0
        var word: UInt64 = 0
        var k = 0
        for b in bytes {
            word |= UInt64(b) << UInt64((k & 7) * 8)
            k += 1
            if k & 7 == 0 {
                if k == 8 { head = word }
                h = mix(h, word)
                word = 0
            }
        }
        if k & 7 != 0 {
            if k < 8 { head = word }
            h = mix(h, word)
        }
        return (hashFinish(h), head)
    }

    /// The slot index for a hash (mixes the high bits in).
    @inline(__always)
    static func home(_ h: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: ((h ^ (h >> 29)) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// The meta word of a key with this hash and length, without its id.
    @inline(__always)
    static func tag(_ h: UInt64, _ count: Int) -> UInt64 {
        (h >> 40) << 40 | UInt64(min(count, 255)) << 32
    }

    /// The id of `bytes`, inserting it when new.
    mutating func insert(_ bytes: [UInt8]) -> Int32 {
        let (h, head) = Self.hashAndHead(bytes)
        let found = bytes.withUnsafeBufferPointer { find($0.baseAddress, $0.count, hash: h, head: head) }
        if found >= 0 { return found }
        if (count + 1) * 2 > slots.count { grow() }
        let id = Int32(count)
        arena.append(contentsOf: bytes)
        starts.append(Int32(arena.count))
        hashes.append(h)
        place(Slot(head: head, meta: Self.tag(h, bytes.count) | UInt64(id + 1)), hash: h)
        return id
    }

    /// Puts a slot in the first free place from its key's home.
    private mutating func place(_ slot: Slot, hash h: UInt64) {
        let mask = slots.count - 1
        var i = Self.home(h, mask)
        while slots[i].meta != 0 { i = (i + 1) & mask }
        slots[i] = slot
    }

    /// Doubles the slots, moving each (its head and meta stay as they are).
    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(head: 0, meta: 0), count: slots.count * 2)
        for slot in old where slot.meta != 0 {
            place(slot, hash: hashes[Int(slot.meta & 0xFFFF_FFFF) - 1])
        }
    }

    /// The id of the key equal to `count` bytes at `base`, or -1 (`ByteTableView.find`).
    func find(_ base: UnsafePointer<UInt8>?, _ count: Int, hash h: UInt64, head: UInt64) -> Int32 {
        slots.withUnsafeBufferPointer { slots in
            starts.withUnsafeBufferPointer { starts in
                arena.withUnsafeBufferPointer { arena in
                    ByteTableView(
                        slots: slots, starts: starts, arena: arena, filter: .init(start: nil, count: 0),
                        startFilter: .init(start: nil, count: 0)
                    )
                    .find(base, count, hash: h, head: head)
                }
            }
        }
    }

    /// The id of `bytes`, or -1.
    func find(_ bytes: [UInt8]) -> Int32 {
        let (h, head) = Self.hashAndHead(bytes)
        return bytes.withUnsafeBufferPointer { find($0.baseAddress, $0.count, hash: h, head: head) }
    }

    /// A bit per hash bucket (about 16 bits per key), set for the buckets of the keys: a cheap
    /// first check before a probe, for tables probed with many absent keys (the prefixes).
    private(set) var filter: [UInt64] = [0]

    /// A bit per hash of a key's first four bytes, for the keys of at least four bytes: a
    /// token whose first four bytes have no bit set starts none of these keys, which settles
    /// most tokens at once when the table holds word prefixes.
    private(set) var startFilter: [UInt64] = [0]

    /// Builds `filter`, and `startFilter` when asked (the matcher uses it for the prefix table
    /// only); call once all keys are in.
    mutating func buildFilter(startFilter withStarts: Bool) {
        var bits = 64
        while bits < count * 16 { bits <<= 1 }
        filter = Array(repeating: 0, count: bits / 64)
        startFilter = Array(repeating: 0, count: withStarts ? bits / 64 : 1)
        for (id, h) in hashes.enumerated() {
            let b = Self.filterBit(h, bits - 1)
            filter[b >> 6] |= 1 << UInt64(b & 63)
            let key = self.key(Int32(id))
            if withStarts && key.count >= 4 {
                let s = Self.startBit(Self.hashAndHead(key).head, bits - 1)
                startFilter[s >> 6] |= 1 << UInt64(s & 63)
            }
        }
    }

    /// The bit of `startFilter` for a key or token whose `head` is given.
    @inline(__always)
    static func startBit(_ head: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: ((head & 0xFFFF_FFFF) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    @inline(__always)
    static func filterBit(_ h: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (h &* 0xD6E8_FEB8_6659_FD93) >> 32) & mask
    }

    /// The bytes of key `id`.
    func key(_ id: Int32) -> ArraySlice<UInt8> {
        arena[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])]
    }
}
