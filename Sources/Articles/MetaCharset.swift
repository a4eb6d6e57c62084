/// The charset an HTML page declares in its first 1024 bytes: `<meta charset=X>` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=X">` (README "Extract articles":
/// pages in legacy encodings). A byte scan, before any decoding; comments are skipped.
enum MetaCharset {
    static func declared(_ p: UnsafeBufferPointer<UInt8>) -> String? {
        let limit = min(p.count, 1024)
        var i = 0
        while i + 5 < limit {
            guard p[i] == UInt8(ascii: "<") else {
                i += 1
                continue
            }
            if p[i + 1] == UInt8(ascii: "!"), p[i + 2] == UInt8(ascii: "-"), p[i + 3] == UInt8(ascii: "-") {
                i = skipComment(p, from: i + 4, limit: limit)
                continue
            }
            if lower(p[i + 1]) == UInt8(ascii: "m"), lower(p[i + 2]) == UInt8(ascii: "e"),
                lower(p[i + 3]) == UInt8(ascii: "t"), lower(p[i + 4]) == UInt8(ascii: "a"),
                isSpace(p[i + 5]) || p[i + 5] == UInt8(ascii: "/")
            {
                var end = i + 5
                while end < limit, p[end] != UInt8(ascii: ">") { end += 1 }
                if let charset = charsetIn(UnsafeBufferPointer(rebasing: p[(i + 5)..<end])) { return charset }
                i = end
                continue
            }
            i += 1
        }
        return nil
    }

    /// `charset=VALUE` anywhere in a meta tag's attributes (either form), quoted or not.
    private static func charsetIn(_ tag: UnsafeBufferPointer<UInt8>) -> String? {
        let key = Array("charset".utf8)
        var j = 0
        while j + key.count < tag.count {
            var match = true
            for k in 0..<key.count where lower(tag[j + k]) != key[k] {
                match = false
                break
            }
            if match {
                var k = j + key.count
                while k < tag.count, isSpace(tag[k]) { k += 1 }
                guard k < tag.count, tag[k] == UInt8(ascii: "=") else {
                    j += 1
                    continue
                }
                k += 1
                while k < tag.count, isSpace(tag[k]) || tag[k] == UInt8(ascii: "\"") || tag[k] == UInt8(ascii: "'") {
                    k += 1
                }
                let start = k
                while k < tag.count, !isSpace(tag[k]), tag[k] != UInt8(ascii: "\""), tag[k] != UInt8(ascii: "'"),
                    tag[k] != UInt8(ascii: ";"), tag[k] != UInt8(ascii: "/")
                {
                    k += 1
                }
                guard k > start, k - start < 40 else { return nil }
                return String(decoding: tag[start..<k], as: UTF8.self)
            }
            j += 1
        }
        return nil
    }

    private static func skipComment(_ p: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int {
        var i = from
        while i + 2 < limit {
            if p[i] == UInt8(ascii: "-"), p[i + 1] == UInt8(ascii: "-"), p[i + 2] == UInt8(ascii: ">") { return i + 3 }
            i += 1
        }
        return limit
    }

    @inline(__always) private static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
    @inline(__always) private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
}
