/// UTF-16 and UTF-32 (either byte order) to UTF-8, with U+FFFD for unpaired surrogates and
/// out-of-range values.
enum UnicodeTranscoder {
    enum Form {
        case utf8, utf16LE, utf16BE, utf32LE, utf32BE

        var label: String {
            switch self {
            case .utf8: "utf-8"
            case .utf16LE: "utf-16le"
            case .utf16BE: "utf-16be"
            case .utf32LE: "utf-32le"
            case .utf32BE: "utf-32be"
            }
        }
    }

    /// The UTF-8 text and whether anything had to be replaced.
    static func decode(_ p: UnsafeBufferPointer<UInt8>, form: Form) -> ([UInt8], Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(p.count)
        var bad = false
        switch form {
        case .utf8:
            return (Array(p), false)
        case .utf16LE, .utf16BE:
            let little = form == .utf16LE
            var i = 0
            @inline(__always) func unit(_ k: Int) -> UInt32 {
                little ? UInt32(p[k]) | UInt32(p[k + 1]) << 8 : UInt32(p[k]) << 8 | UInt32(p[k + 1])
            }
            while i + 1 < p.count {
                let u = unit(i)
                i += 2
                if u >= 0xD800, u <= 0xDBFF {
                    if i + 1 < p.count {
                        let low = unit(i)
                        if low >= 0xDC00, low <= 0xDFFF {
                            i += 2
                            UTF8Writer.append(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), to: &out)
                            continue
                        }
                    }
                    bad = true
                    out.append(contentsOf: UTF8Writer.replacement)
                } else if u >= 0xDC00, u <= 0xDFFF {
                    bad = true
                    out.append(contentsOf: UTF8Writer.replacement)
                } else {
                    UTF8Writer.append(u, to: &out)
                }
            }
            if i < p.count { bad = true; out.append(contentsOf: UTF8Writer.replacement) }
        case .utf32LE, .utf32BE:
            let little = form == .utf32LE
            var i = 0
            while i + 3 < p.count {
                let v =
                    little
                    ? UInt32(p[i]) | UInt32(p[i + 1]) << 8 | UInt32(p[i + 2]) << 16 | UInt32(p[i + 3]) << 24
                    : UInt32(p[i]) << 24 | UInt32(p[i + 1]) << 16 | UInt32(p[i + 2]) << 8 | UInt32(p[i + 3])
                if (0xD800...0xDFFF).contains(v) || v > 0x10FFFF { bad = true }
                UTF8Writer.append(v, to: &out)
                i += 4
            }
            if i < p.count { bad = true; out.append(contentsOf: UTF8Writer.replacement) }
        }
        return (out, bad)
    }
}
