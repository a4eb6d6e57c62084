/// Lookup of HTML5 named and numeric character references over UTF-8 bytes.
enum HTMLEntities {
    /// A decoded reference: one or two scalars (`second` is 0 when there is only one).
    struct Decoded: Equatable {
        var first: UInt32
        var second: UInt32
    }

    /// All named references, keyed by name without ';'.
    static let named: [String: Decoded] = {
        var table: [String: Decoded] = [:]
        table.reserveCapacity(HTMLEntityTable.count)
        for item in HTMLEntityTable.data.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            guard let eq = item.firstIndex(of: "=") else { continue }
            let name = String(item[..<eq])
            let values = item[item.index(after: eq)...].split(separator: ",").compactMap { UInt32($0, radix: 16) }
            guard let first = values.first else { continue }
            table[name] = Decoded(first: first, second: values.count > 1 ? values[1] : 0)
        }
        return table
    }()

    /// Names HTML also accepts without the ';' (`&amp`, `&nbsp`, `&copy` ...).
    static let legacy: Set<String> = Set(HTMLEntityTable.legacyNames.split(separator: " ").map(String.init))
    static let longestLegacyName = 6
    static let longestName = 32

    /// The reference named by `bytes` (without '&' and ';'), if HTML defines it.
    @inline(__always)
    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Decoded? {
        guard bytes.count > 0, bytes.count <= longestName else { return nil }
        return named[String(decoding: bytes, as: UTF8.self)]
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
           let d = lookup(UnsafeBufferPointer(rebasing: p[nameStart..<j])) {
            return (d, j + 1)
        }
        guard legacy else { return nil }
        var length = min(nameLength, longestLegacyName)
        while length >= 2 {
            let name = UnsafeBufferPointer(rebasing: p[nameStart..<(nameStart + length)])
            let key = String(decoding: name, as: UTF8.self)
            if HTMLEntities.legacy.contains(key), let d = named[key] {
                return (d, nameStart + length)
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
