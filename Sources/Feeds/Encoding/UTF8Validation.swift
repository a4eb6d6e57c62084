/// UTF-8 well-formedness (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF).
enum UTF8Validation {
    struct Scan {
        /// Valid sequences of two or more bytes.
        var multibyte = 0
        /// Maximal invalid subparts (each becomes one U+FFFD).
        var invalid = 0
    }

    static func scan(_ p: UnsafeBufferPointer<UInt8>) -> Scan {
        var result = Scan()
        guard let base = p.baseAddress else { return result }
        var i = 0
        let n = p.count
        while i < n {
            // ASCII fast path, 8 bytes at a time.
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < n else { break }
            if p[i] < 0x80 { i += 1; continue }
            let length = sequenceLength(p, at: i)
            if length > 0 {
                result.multibyte += 1
                i += length
            } else {
                result.invalid += 1
                i += max(1, -length)
            }
        }
        return result
    }

    /// A copy with each maximal invalid subpart replaced by U+FFFD.
    static func repaired(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(p.count + 16)
        var i = 0
        while i < p.count {
            if p[i] < 0x80 { out.append(p[i]); i += 1; continue }
            let length = sequenceLength(p, at: i)
            if length > 0 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<(i + length)]))
                i += length
            } else {
                out.append(contentsOf: UTF8Writer.replacement)
                i += max(1, -length)
            }
        }
        return out
    }

    /// Length of the valid multi-byte sequence at `i`, or minus the length of the invalid
    /// subpart to replace (at least 1).
    @inline(__always)
    static func sequenceLength(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let n = p.count
        let b0 = p[i]
        @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < n && p[i + k] >= lo && p[i + k] <= hi
        }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : -1
        case 0xE0...0xEF:
            let lo: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
            let hi: UInt8 = b0 == 0xED ? 0x9F : 0xBF
            guard cont(1, lo, hi) else { return -1 }
            return cont(2) ? 3 : -2
        case 0xF0...0xF4:
            let lo: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
            let hi: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
            guard cont(1, lo, hi) else { return -1 }
            guard cont(2) else { return -2 }
            return cont(3) ? 4 : -3
        default:
            return -1
        }
    }
}
