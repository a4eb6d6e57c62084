import Basics

/// Drops what the extractor never reads before libxml2 sees the page (README "Extract articles"):
/// the contents of `<script>` elements (but JSON-LD ones) and `<style>` elements, and comments. Most of a
/// news page's bytes are scripts and styles, and libxml2 reads them a character at a time; a byte scan
/// here is many times faster. The elements' tags stay, so the parse sees the same structure.
enum RawTextStripper {
    static func strip(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(p.count / 2)
        let n = p.count
        var runStart = 0
        var i = 0
        while let j = find(UInt8(ascii: "<"), in: p, from: i) {
            if j + 3 < n, p[j + 1] == UInt8(ascii: "!"), p[j + 2] == UInt8(ascii: "-"), p[j + 3] == UInt8(ascii: "-") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<j]))
                guard let end = commentEnd(p, from: j + 4) else {
                    runStart = n
                    break
                }
                runStart = end
                i = end
                continue
            }
            let name = rawTextElement(p, at: j + 1)
            guard name != 0, let tagEnd = find(UInt8(ascii: ">"), in: p, from: j + 1) else {
                i = j + 1
                continue
            }
            if name == 1, containsJSONLD(UnsafeBufferPointer(rebasing: p[j..<tagEnd])) {
                i = tagEnd + 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart...tagEnd]))
            guard let close = closingTag(p, from: tagEnd + 1, script: name == 1) else {
                runStart = n
                break
            }
            runStart = close
            i = close + 2
        }
        if runStart < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<n])) }
        return out
    }

    /// 1 for `script`, 2 for `style` (any case, followed by white space, `>` or `/`), else 0.
    private static func rawTextElement(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        if matches(p, at: i, "script") { return 1 }
        if matches(p, at: i, "style") { return 2 }
        return 0
    }

    private static func matches(_ p: UnsafeBufferPointer<UInt8>, at i: Int, _ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        guard i + n < p.count else { return false }
        let l = name.utf8Start
        for k in 0..<n where p[i + k] | 0x20 != l[k] { return false }
        let after = p[i + n]
        return after == UInt8(ascii: ">") || after == UInt8(ascii: "/") || after == 0x20
            || (after >= 0x09 && after <= 0x0D)
    }

    /// Where `</script` (or `</style`) starts, from `start` on.
    private static func closingTag(_ p: UnsafeBufferPointer<UInt8>, from start: Int, script: Bool) -> Int? {
        var i = start
        while let j = find(UInt8(ascii: "<"), in: p, from: i) {
            if j + 1 < p.count, p[j + 1] == UInt8(ascii: "/"), matches(p, at: j + 2, script ? "script" : "style") {
                return j
            }
            i = j + 1
        }
        return nil
    }

    /// Just past the `-->` that ends a comment, from `start` on.
    private static func commentEnd(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        while let j = find(UInt8(ascii: ">"), in: p, from: i) {
            if j >= start + 2, p[j - 1] == UInt8(ascii: "-"), p[j - 2] == UInt8(ascii: "-") { return j + 1 }
            i = j + 1
        }
        return nil
    }

    private static func containsJSONLD(_ tag: UnsafeBufferPointer<UInt8>) -> Bool {
        let key = Array("ld+json".utf8)
        guard tag.count >= key.count else { return false }
        for i in 0...(tag.count - key.count) {
            var k = 0
            while k < key.count, tag[i + k] | 0x20 == key[k] | 0x20 { k += 1 }
            if k == key.count { return true }
        }
        return false
    }

    @inline(__always)
    private static func find(_ byte: UInt8, in p: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        guard i < p.count, let base = p.baseAddress, let hit = memchr(base + i, Int32(byte), p.count - i) else {
            return nil
        }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
}
