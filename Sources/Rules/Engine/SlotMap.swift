/// A small open-addressing map from non-negative `Int32` keys to `Int64` values, for the
/// per-article tables of the matcher: no hashing beyond a multiply, no allocation per lookup,
/// and cleared by resetting only the slots that were used.
///
/// A reference type on purpose: it is scratch memory that one evaluation owns at a time (the
/// rule set's scratch pool hands it out and takes it back), read and written through pointers
/// in the matcher's inner loops, where an array's copy-on-write checks would cost more than
/// the lookup itself.
///
/// `@unchecked Sendable` invariant: an instance is only used by the evaluation that took it
/// from the pool, and goes back to the pool (through a `Mutex`) when that evaluation is done.
final class SlotMap: @unchecked Sendable {
    /// key + 1 per slot; 0 is empty.
    private var keys: UnsafeMutablePointer<Int32>
    private var values: UnsafeMutablePointer<Int64>
    private var mask: Int
    /// Slots in use, to clear them.
    private var used: UnsafeMutablePointer<Int32>
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = .allocate(capacity: size)
        keys.initialize(repeating: 0, count: size)
        values = .allocate(capacity: size)
        used = .allocate(capacity: size / 2 + 1)
        mask = size - 1
    }

    deinit {
        keys.deallocate()
        values.deallocate()
        used.deallocate()
    }

    @inline(__always)
    private static func slot(_ key: Int32, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: key)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The value stored for `key`, or nil.
    @inline(__always)
    func get(_ key: Int32) -> Int64? {
        var i = Self.slot(key, mask)
        while true {
            let k = keys[i]
            if k == 0 { return nil }
            if k == key &+ 1 { return values[i] }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` for `key` (replacing any previous value).
    @inline(__always)
    func set(_ key: Int32, _ value: Int64) {
        if (count + 1) * 2 > mask + 1 { grow() }
        var i = Self.slot(key, mask)
        while true {
            let k = keys[i]
            if k == 0 {
                keys[i] = key &+ 1
                values[i] = value
                used[count] = Int32(i)
                count += 1
                return
            }
            if k == key &+ 1 {
                values[i] = value
                return
            }
            i = (i + 1) & mask
        }
    }

    /// Removes every entry, keeping the capacity.
    func removeAll() {
        for u in 0..<count { keys[Int(used[u])] = 0 }
        count = 0
    }

    private func grow() {
        let oldKeys = keys
        let oldValues = values
        let oldSize = mask + 1
        let size = oldSize * 2
        keys = .allocate(capacity: size)
        keys.initialize(repeating: 0, count: size)
        values = .allocate(capacity: size)
        used.deallocate()
        used = .allocate(capacity: size / 2 + 1)
        mask = size - 1
        count = 0
        for i in 0..<oldSize where oldKeys[i] != 0 { set(oldKeys[i] &- 1, oldValues[i]) }
        oldKeys.deallocate()
        oldValues.deallocate()
    }
}
