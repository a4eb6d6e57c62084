/// A small open-addressing map from non-negative `Int32` keys to `Int64` values, for the
/// per-article tables of the matcher (no hashing of its own beyond a multiply, no allocation per
/// lookup, cleared cheaply by reinitialising).
struct SlotMap {
    /// key + 1 per slot; 0 is empty.
    private var keys: [Int32]
    private var values: [Int64]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
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
    mutating func set(_ key: Int32, _ value: Int64) {
        if (count + 1) * 2 > keys.count { grow() }
        var i = Self.slot(key, mask)
        while true {
            let k = keys[i]
            if k == 0 {
                keys[i] = key &+ 1
                values[i] = value
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
    mutating func removeAll() {
        guard count > 0 else { return }
        keys.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        count = 0
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        values = Array(repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (i, k) in oldKeys.enumerated() where k != 0 { set(k &- 1, oldValues[i]) }
    }
}
