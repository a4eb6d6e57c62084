/// An immutable-after-build hash table from byte strings to dense ids (0, 1, 2 …).
///
/// Keys live in one byte arena; lookups take a pointer and a precomputed hash, so that the
/// matcher can probe with slices of a token buffer (and with growing prefixes of a token,
/// hashing incrementally) without allocating. Each slot holds the id and 32 bits of the key's
/// hash, so that a probe for an absent key touches one cache line and never the arena.
struct ByteTable: Sendable {
    private(set) var arena: [UInt8] = []
    /// Key `i` is `arena[starts[i]..<starts[i + 1]]`.
    private(set) var starts: [Int32] = [0]
    private var hashes: [UInt64] = []
    /// Open addressing, linear probing: `fingerprint << 32 | (id + 1)`, 0 is empty. Capacity is a
    /// power of two.
    private var slots: [UInt64] = Array(repeating: 0, count: 16)

    var count: Int { starts.count - 1 }

    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// FNV-1a step.
    @inline(__always)
    static func step(_ h: UInt64, _ byte: UInt8) -> UInt64 {
        (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    static func hash<C: Sequence>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h = seed
        for b in bytes { h = step(h, b) }
        return h
    }

    /// The slot index for a hash (mixes the high bits in: FNV's low bits are weak).
    @inline(__always)
    private static func home(_ h: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: ((h ^ (h >> 29)) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    @inline(__always)
    private static func fingerprint(_ h: UInt64) -> UInt64 { h >> 32 }

    /// The id of `bytes`, inserting it when new.
    mutating func insert(_ bytes: [UInt8]) -> Int32 {
        let h = Self.hash(bytes)
        let found = bytes.withUnsafeBufferPointer { find($0.baseAddress, $0.count, hash: h) }
        if found >= 0 { return found }
        if (count + 1) * 2 > slots.count { grow() }
        let id = Int32(count)
        arena.append(contentsOf: bytes)
        starts.append(Int32(arena.count))
        hashes.append(h)
        place(id, hash: h)
        return id
    }

    private mutating func place(_ id: Int32, hash h: UInt64) {
        let mask = slots.count - 1
        var i = Self.home(h, mask)
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = Self.fingerprint(h) << 32 | UInt64(id + 1)
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        for id in 0..<count { place(Int32(id), hash: hashes[id]) }
    }

    /// The id of the key equal to `count` bytes at `base`, or -1.
    @inline(__always)
    func find(_ base: UnsafePointer<UInt8>?, _ count: Int, hash h: UInt64) -> Int32 {
        guard let base else { return -1 }  // keys are never empty
        let fp = Self.fingerprint(h)
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var i = Self.home(h, mask)
            while true {
                let slot = slots[i]
                if slot == 0 { return -1 }
                if slot >> 32 == fp {
                    let id = Int(slot & 0xFFFF_FFFF) - 1
                    let equal = starts.withUnsafeBufferPointer { starts in
                        arena.withUnsafeBufferPointer { arena in
                            let s = Int(starts[id])
                            guard Int(starts[id + 1]) - s == count else { return false }
                            var k = 0
                            while k < count {
                                if arena[s + k] != base[k] { return false }
                                k += 1
                            }
                            return true
                        }
                    }
                    if equal { return Int32(id) }
                }
                i = (i + 1) & mask
            }
        }
    }

    /// A bit per hash bucket (about 16 bits per key), set for the buckets of the keys: a cheap
    /// first check before a probe, for tables probed with many absent keys (the prefixes).
    private(set) var filter: [UInt64] = [0]

    /// Builds `filter`; call once all keys are in.
    mutating func buildFilter() {
        var bits = 64
        while bits < count * 16 { bits <<= 1 }
        filter = Array(repeating: 0, count: bits / 64)
        for h in hashes {
            let b = Self.filterBit(h, bits - 1)
            filter[b >> 6] |= 1 << UInt64(b & 63)
        }
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
