/// An immutable-after-build hash table from byte strings to dense ids (0, 1, 2 …).
///
/// Keys live in one byte arena; lookups take a pointer and a precomputed hash, so that the
/// matcher can probe with slices of a token buffer (and with growing prefixes of a token,
/// hashing incrementally) without allocating.
struct ByteTable: Sendable {
    private(set) var arena: [UInt8] = []
    /// Key `i` is `arena[starts[i]..<starts[i + 1]]`.
    private(set) var starts: [Int32] = [0]
    private var hashes: [UInt64] = []
    /// Open addressing, linear probing; -1 is empty. Capacity is a power of two.
    private var slots: [Int32] = Array(repeating: -1, count: 16)

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
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = id
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        for id in 0..<count { place(Int32(id), hash: hashes[id]) }
    }

    /// The id of the key equal to `count` bytes at `base`, or -1.
    @inline(__always)
    func find(_ base: UnsafePointer<UInt8>?, _ count: Int, hash h: UInt64) -> Int32 {
        guard let base else { return -1 }  // keys are never empty
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                while true {
                    let id = slots[i]
                    if id < 0 { return -1 }
                    if hashes[Int(id)] == h {
                        let s = Int(starts[Int(id)])
                        let e = Int(starts[Int(id) + 1])
                        if e - s == count {
                            var equal = true
                            var k = 0
                            while k < count {
                                if arena[s + k] != base[k] {
                                    equal = false
                                    break
                                }
                                k += 1
                            }
                            if equal { return id }
                        }
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    /// The bytes of key `id`.
    func key(_ id: Int32) -> ArraySlice<UInt8> {
        arena[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])]
    }
}
