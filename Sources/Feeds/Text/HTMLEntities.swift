/// Lookup of HTML5 named and numeric character references over UTF-8 bytes.
enum HTMLEntities {
    /// A decoded reference: one or two scalars (`second` is 0 when there is only one).
    struct Decoded: Equatable {
        var first: UInt32
        var second: UInt32
    }

    /// All named references (names without ';'), in an open-addressing table over their bytes:
    /// no String is built and nothing is hashed with SipHash on a lookup.
    struct Table {
        var names: [UInt8] = []
        /// Per entry: start in `names`, length, value.
        var starts: [Int32] = []
        var lengths: [UInt8] = []
        var values: [Decoded] = []
        var legacy: [Bool] = []
        /// Slots hold entry index + 1 (0 = empty).
        var slots: [Int32] = []
        var mask = 0

        init() {
            let legacyNames = Set(HTMLEntityTable.legacyNames.split(separator: " ").map(String.init))
            for item in HTMLEntityTable.data.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                guard let eq = item.firstIndex(of: "=") else { continue }
                let name = String(item[..<eq])
                let parts = item[item.index(after: eq)...].split(separator: ",").compactMap { UInt32($0, radix: 16) }
                guard let first = parts.first else { continue }
                starts.append(Int32(names.count))
                lengths.append(UInt8(name.utf8.count))
                names.append(contentsOf: name.utf8)
                values.append(Decoded(first: first, second: parts.count > 1 ? parts[1] : 0))
                legacy.append(legacyNames.contains(name))
            }
            var size = 1
            while size < values.count * 2 { size <<= 1 }
            slots = [Int32](repeating: 0, count: size)
            mask = size - 1
            for index in values.indices {
                let start = Int(starts[index])
                var slot =
                    names.withUnsafeBufferPointer {
                        Table.hash(UnsafeBufferPointer(rebasing: $0[start..<(start + Int(lengths[index]))]))
                    } & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(index + 1)
            }
        }

        @inline(__always)
        static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
            var h: UInt32 = 0x811C_9DC5
            for b in bytes { h = (h ^ UInt32(b)) &* 0x0100_0193 }
            return Int(h)
        }

        /// The entry index for `name`, if any.
        func find(_ name: UnsafeBufferPointer<UInt8>) -> Int? {
            var slot = Table.hash(name) & mask
            while true {
                let entry = Int(slots[slot])
                if entry == 0 { return nil }
                let index = entry - 1
                if Int(lengths[index]) == name.count {
                    let start = Int(starts[index])
                    var same = true
                    for k in 0..<name.count where names[start + k] != name[k] { same = false; break }
                    if same { return index }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    static let table = Table()
    static let longestLegacyName = 6
    static let longestName = 32

    /// The reference named by `bytes` (without '&' and ';'), if HTML defines it.
    @inline(__always)
    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Decoded? {
        guard bytes.count > 0, bytes.count <= longestName, let index = table.find(bytes) else { return nil }
        return table.values[index]
    }

    /// HTML's rules for a numeric reference's value: NUL, surrogates and out-of-range values become
    /// U+FFFD; 0x80...0x9F are read as windows-1252.
    @inline(__always)
    static func numericValue(_ value: UInt32) -> UInt32 {
        switch value {
        case 0, 0xD800...0xDFFF, 0x110000...: 0xFFFD
        case 0x80...0x9F: Windows1252.scalar(UInt8(value))
        default: value
        }
    }

    @inline(__always)
    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
    }

    /// Decodes the character reference that starts at `start` (which holds '&') in `p`.
    /// Returns the decoded value and the index just past the reference, or nil when the '&' is literal.
    /// `legacy`: also accept the names HTML knows without ';' (text content, not attribute values).
    static func decode(_ p: UnsafeBufferPointer<UInt8>, at start: Int, legacy: Bool) -> (Decoded, Int)? {
        let n = p.count
        var j = start + 1
        guard j < n else { return nil }
        if p[j] == UInt8(ascii: "#") {
            j += 1
            var value: UInt32 = 0
            var digits = 0
            if j < n, p[j] | 0x20 == UInt8(ascii: "x") {
                j += 1
                while j < n, let d = hexDigit(p[j]) {
                    if value < 0x110000 { value = value &* 16 &+ UInt32(d) }
                    digits += 1
                    j += 1
                }
            } else {
                while j < n, p[j] >= 0x30, p[j] <= 0x39 {
                    if value < 0x110000 { value = value &* 10 &+ UInt32(p[j] - 0x30) }
                    digits += 1
                    j += 1
                }
            }
            guard digits > 0 else { return nil }
            if j < n, p[j] == UInt8(ascii: ";") { j += 1 }
            return (Decoded(first: numericValue(value), second: 0), j)
        }
        let nameStart = j
        while j < n, j - nameStart <= longestName, isNameByte(p[j]) { j += 1 }
        let nameLength = j - nameStart
        guard nameLength > 0 else { return nil }
        if j < n, p[j] == UInt8(ascii: ";"),
            let d = lookup(UnsafeBufferPointer(rebasing: p[nameStart..<j]))
        {
            return (d, j + 1)
        }
        guard legacy else { return nil }
        var length = min(nameLength, longestLegacyName)
        while length >= 2 {
            let name = UnsafeBufferPointer(rebasing: p[nameStart..<(nameStart + length)])
            if let index = table.find(name), table.legacy[index] {
                return (table.values[index], nameStart + length)
            }
            length -= 1
        }
        return nil
    }

    @inline(__always)
    static func hexDigit(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x61...0x66: b - 0x61 + 10
        case 0x41...0x46: b - 0x41 + 10
        default: nil
        }
    }
}
