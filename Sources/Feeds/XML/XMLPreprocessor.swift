/// Repairs, before libxml2 sees them, the faults that its recovery handles badly, on UTF-8 bytes:
/// - HTML named references (`&rsquo;`, `&nbsp;`) that XML without a DTD does not define become
///   numeric references; unknown names and stray `&` become `&amp;` (so they show literally);
/// - numeric references to C1 controls are read as windows-1252 (as HTML does), invalid ones as U+FFFD;
/// - control characters that XML forbids are dropped;
/// - the DOCTYPE (and with it every entity declaration: no expansion, no bombs) is removed;
/// - white space or junk before the first '<' is skipped.
/// Comments, CDATA sections and processing instructions are left as they are (bar control characters).
/// The input is copied only when something has to change.
struct XMLPreprocessor {
    /// Result: bytes to parse (nil = the input from `start`, unchanged) and what was wrong.
    struct Output {
        var bytes: [UInt8]?
        var start: Int
        /// The document was not well-formed before the repair.
        var malformed: Bool
        /// Whether a DOCTYPE was present.
        var hadDoctype: Bool
    }

    private let p: UnsafeBufferPointer<UInt8>
    private var out: [UInt8]? = nil
    /// Input index up to which bytes are already in `out` (when copying).
    private var copied = 0
    private var malformed = false
    private var hadDoctype = false
    /// HTML named references seen; they make the document malformed only without a DOCTYPE.
    private var namedReferences = 0

    static func run(_ p: UnsafeBufferPointer<UInt8>) -> Output {
        var pre = XMLPreprocessor(p: p)
        return pre.process()
    }

    private init(p: UnsafeBufferPointer<UInt8>) { self.p = p }

    private mutating func process() -> Output {
        let n = p.count
        var i = 0
        while i < n, isASCIIWhiteSpace(p[i]) { i += 1 }
        if i < n, p[i] != UInt8(ascii: "<") {
            malformed = true
            while i < n, p[i] != UInt8(ascii: "<") { i += 1 }
        }
        let start = i
        copied = start
        while i < n {
            let b = p[i]
            if b == UInt8(ascii: "<") {
                i = markup(at: i)
            } else if b == UInt8(ascii: "&") {
                i = reference(at: i)
            } else if b < 0x20, b != 0x09, b != 0x0A, b != 0x0D {
                // Vertical tab and form feed separate words; other controls are noise.
                replace(i..<(i + 1), with: b == 0x0B || b == 0x0C ? [0x20] : [])
                malformed = true
                i += 1
            } else if b == 0xEF, i + 2 < n, p[i + 1] == 0xBF, p[i + 2] >= 0xBE {
                // U+FFFE and U+FFFF are not XML characters.
                replace(i..<(i + 3), with: UTF8Writer.replacement)
                malformed = true
                i += 3
            } else {
                i += 1
            }
        }
        if namedReferences > 0, !hadDoctype { malformed = true }
        guard var bytes = out else {
            return Output(bytes: nil, start: start, malformed: malformed, hadDoctype: hadDoctype)
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<n]))
        return Output(bytes: bytes, start: 0, malformed: malformed, hadDoctype: hadDoctype)
    }

    /// Starts copying (if not yet) and substitutes `range` of the input with `bytes`.
    private mutating func replace(_ range: Range<Int>, with bytes: [UInt8]) {
        var copy = out ?? []
        out = nil  // keep `copy` uniquely referenced while appending
        if copy.isEmpty { copy.reserveCapacity(p.count + 256) }
        copy.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<range.lowerBound]))
        copy.append(contentsOf: bytes)
        out = copy
        copied = range.upperBound
    }

    private mutating func markup(at i: Int) -> Int {
        let n = p.count
        guard i + 1 < n else { return n }
        switch p[i + 1] {
        case UInt8(ascii: "!"):
            if has("<!--", at: i) { return skip(to: "-->", from: i + 4) }
            if has("<![CDATA[", at: i) { return skip(to: "]]>", from: i + 9) }
            if has("<!DOCTYPE", at: i) || has("<!doctype", at: i) {
                hadDoctype = true
                let end = doctypeEnd(from: i + 9)
                replace(i..<end, with: [])
                return end
            }
            return i + 2
        case UInt8(ascii: "?"):
            return skip(to: "?>", from: i + 2)
        case UInt8(ascii: "/"):
            return isTag(nameAt: i + 2, endTag: true) ? i + 2 : escapeLess(at: i)
        default:
            return isTag(nameAt: i + 1, endTag: false) ? i + 1 : escapeLess(at: i)
        }
    }

    /// Whether a tag name starts at `j` and is followed by what may follow a name in a tag
    /// (so `a < b`, `x <3` and `c<d</title>` are text, not markup).
    private func isTag(nameAt j: Int, endTag: Bool) -> Bool {
        let n = p.count
        guard j < n else { return false }
        let first = p[j]
        guard (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A || first == UInt8(ascii: "_")
                || first == UInt8(ascii: ":") || first >= 0x80 else { return false }
        var k = j + 1
        while k < n, isNameByte(p[k]) { k += 1 }
        guard k < n else { return true }  // truncated: let libxml2 report it
        let next = p[k]
        return isASCIIWhiteSpace(next) || next == UInt8(ascii: ">") || (!endTag && next == UInt8(ascii: "/"))
    }

    private mutating func escapeLess(at i: Int) -> Int {
        replace(i..<(i + 1), with: Array("&lt;".utf8))
        malformed = true
        return i + 1
    }

    /// Index after `terminator` (or the end), dropping forbidden control characters on the way.
    private mutating func skip(to terminator: StaticString, from: Int) -> Int {
        let t = UnsafeBufferPointer(start: terminator.utf8Start, count: terminator.utf8CodeUnitCount)
        var j = from
        let n = p.count
        while j < n {
            let b = p[j]
            if b == t[0], j + t.count <= n {
                var k = 1
                while k < t.count, p[j + k] == t[k] { k += 1 }
                if k == t.count { return j + t.count }
            } else if b < 0x20, b != 0x09, b != 0x0A, b != 0x0D {
                replace(j..<(j + 1), with: [])
                malformed = true
            }
            j += 1
        }
        return n
    }

    /// Index after the '>' that ends a DOCTYPE (quotes, an internal subset and its comments respected).
    private func doctypeEnd(from: Int) -> Int {
        var j = from
        var depth = 0
        var quote: UInt8 = 0
        let n = p.count
        while j < n {
            let b = p[j]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: "[") {
                depth += 1
            } else if b == UInt8(ascii: "]") {
                depth = max(0, depth - 1)
            } else if b == UInt8(ascii: "<"), has("<!--", at: j) {
                var k = j + 4
                while k + 2 < n, !(p[k] == UInt8(ascii: "-") && p[k + 1] == UInt8(ascii: "-") && p[k + 2] == UInt8(ascii: ">")) { k += 1 }
                j = k + 2
            } else if b == UInt8(ascii: ">"), depth == 0 {
                return j + 1
            }
            j += 1
        }
        return n
    }

    /// Handles the '&' at `i`; returns where scanning resumes.
    private mutating func reference(at i: Int) -> Int {
        let n = p.count
        var j = i + 1
        if j < n, p[j] == UInt8(ascii: "#") {
            j += 1
            var value: UInt32 = 0
            var digits = 0
            let hex = j < n && (p[j] | 0x20) == UInt8(ascii: "x")
            if hex { j += 1 }
            while j < n {
                let d: UInt8?
                if hex { d = HTMLEntities.hexDigit(p[j]) } else { d = (p[j] >= 0x30 && p[j] <= 0x39) ? p[j] - 0x30 : nil }
                guard let d else { break }
                if value < 0x110000 { value = value &* (hex ? 16 : 10) &+ UInt32(d) }
                digits += 1
                j += 1
            }
            guard digits > 0 else { return escapeAmpersand(at: i) }
            let terminated = j < n && p[j] == UInt8(ascii: ";")
            let mapped = HTMLEntities.numericValue(value)
            if terminated, mapped == value, isXMLChar(value) { return j + 1 }
            let end = terminated ? j + 1 : j
            replace(i..<end, with: numericReference(isXMLChar(mapped) ? mapped : 0xFFFD))
            if !terminated || !isXMLChar(value) { malformed = true }
            return end
        }
        let nameStart = j
        while j < n, j - nameStart <= 64, isNameByte(p[j]) { j += 1 }
        guard j > nameStart, j < n, p[j] == UInt8(ascii: ";") else { return escapeAmpersand(at: i) }
        let name = UnsafeBufferPointer(rebasing: p[nameStart..<j])
        if isPredefined(name) { return j + 1 }
        if let d = HTMLEntities.lookup(name) {
            var bytes = numericReference(d.first)
            if d.second != 0 { bytes += numericReference(d.second) }
            replace(i..<(j + 1), with: bytes)
            namedReferences += 1
            return j + 1
        }
        malformed = true
        return escapeAmpersand(at: i)
    }

    private mutating func escapeAmpersand(at i: Int) -> Int {
        replace(i..<(i + 1), with: Array("&amp;".utf8))
        malformed = true
        return i + 1
    }

    private func numericReference(_ value: UInt32) -> [UInt8] {
        Array("&#x".utf8) + Array(String(value, radix: 16, uppercase: true).utf8) + [UInt8(ascii: ";")]
    }

    private func isPredefined(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 2: return (name[0] == UInt8(ascii: "l") || name[0] == UInt8(ascii: "g")) && name[1] == UInt8(ascii: "t")
        case 3: return name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "m") && name[2] == UInt8(ascii: "p")
        case 4:
            return (name[0] == UInt8(ascii: "q") && name[1] == UInt8(ascii: "u") && name[2] == UInt8(ascii: "o")
                && name[3] == UInt8(ascii: "t"))
                || (name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "p") && name[2] == UInt8(ascii: "o")
                    && name[3] == UInt8(ascii: "s"))
        default: return false
        }
    }

    @inline(__always)
    private func isNameByte(_ b: UInt8) -> Bool {
        HTMLEntities.isNameByte(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
            || b == UInt8(ascii: ":") || b >= 0x80
    }

    private func isXMLChar(_ v: UInt32) -> Bool {
        v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD)
            || (v >= 0x10000 && v <= 0x10FFFF)
    }

    private func has(_ s: StaticString, at i: Int) -> Bool {
        let t = UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)
        guard i + t.count <= p.count else { return false }
        for k in 0..<t.count where p[i + k] != t[k] { return false }
        return true
    }
}
