/// windows-1252, the WHATWG "latin1": the encoding assumed for undeclared non-UTF-8 bytes, and the
/// mapping HTML applies to numeric references in 0x80...0x9F.
enum Windows1252 {
    /// Unicode scalars for bytes 0x80...0x9F; the five holes map to U+FFFD.
    static let c1: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// The scalar for one windows-1252 byte.
    @inline(__always)
    static func scalar(_ byte: UInt8) -> UInt32 {
        (byte >= 0x80 && byte <= 0x9F) ? c1[Int(byte) - 0x80] : UInt32(byte)
    }

    /// Transcodes windows-1252 bytes to UTF-8.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var i = 0
        let n = bytes.count
        while i < n {
            let start = i
            while i < n, bytes[i] < 0x80 { i += 1 }
            if i > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
            guard i < n else { break }
            UTF8Writer.append(scalar(bytes[i]), to: &out)
            i += 1
        }
        return out
    }
}
