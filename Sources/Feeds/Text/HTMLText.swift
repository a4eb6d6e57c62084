/// Reduces HTML to readable plain text: tags stripped, script/style dropped, character references
/// (all HTML5 named, decimal and hex) decoded, block elements separating words, white space collapsed.
public enum HTMLText {
    /// The plain text of an HTML fragment or document.
    public static func plainText(_ html: String) -> String {
        var html = html
        return html.withUTF8 { plainText(utf8: $0) }
    }

    /// Collapses runs of white space to one space and trims the ends; nothing else is touched.
    public static func collapsingWhiteSpace(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var sink = TextSink(capacity: bytes.count)
            sink.appendCollapsing(bytes)
            return sink.string
        }
    }

    /// Decodes character references (numeric and HTML5 named, with ';') and nothing else.
    public static func decodingCharacterReferences(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var text = text
        return text.withUTF8 { p in
            var out: [UInt8] = []
            out.reserveCapacity(p.count)
            var i = 0
            var runStart = 0
            while i < p.count {
                if p[i] == UInt8(ascii: "&"), let (d, next) = HTMLEntities.decode(p, at: i, legacy: false) {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<i]))
                    UTF8Writer.append(d.first, to: &out)
                    if d.second != 0 { UTF8Writer.append(d.second, to: &out) }
                    i = next
                    runStart = i
                } else {
                    i += 1
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<p.count]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The plain text of HTML given as UTF-8 bytes.
    static func plainText(utf8 p: UnsafeBufferPointer<UInt8>) -> String {
        var sink = TextSink(capacity: p.count)
        appendPlainText(utf8: p, to: &sink)
        return sink.string
    }

    static func appendPlainText(utf8 p: UnsafeBufferPointer<UInt8>, to sink: inout TextSink) {
        let n = p.count
        var i = 0
        var runStart = 0
        @inline(__always) func flushRun(_ end: Int) {
            if end > runStart { sink.append(UnsafeBufferPointer(rebasing: p[runStart..<end])) }
        }
        let special = HTMLText.specialBytes
        while i < n {
            while i < n, !special[Int(p[i])] { i += 1 }
            guard i < n else { break }
            let b = p[i]
            if b == UInt8(ascii: "<") {
                flushRun(i)
                i = markup(p, at: i, sink: &sink)
                runStart = i
            } else if b == UInt8(ascii: "&") {
                flushRun(i)
                if let (d, next) = HTMLEntities.decode(p, at: i, legacy: true) {
                    sink.append(scalar: d.first)
                    if d.second != 0 { sink.append(scalar: d.second) }
                    i = next
                } else {
                    sink.append(UnsafeBufferPointer(rebasing: p[i..<(i + 1)]))
                    i += 1
                }
                runStart = i
            } else if isASCIIWhiteSpace(b) {
                // A single space between two plain characters stays inside the run.
                if b == 0x20, i > runStart, i + 1 < n {
                    let next = p[i + 1]
                    if !isASCIIWhiteSpace(next), next != UInt8(ascii: "<"), next != UInt8(ascii: "&"),
                        unicodeSpaceWidth(p, i + 1) == 0
                    {
                        i += 1
                        continue
                    }
                }
                flushRun(i)
                sink.space()
                i += 1
                runStart = i
            } else if case let width = unicodeSpaceWidth(p, i), width > 0 {
                flushRun(i)
                sink.space()
                i += width
                runStart = i
            } else {
                i += 1
            }
        }
        flushRun(n)
    }

    /// '<', '&', ASCII white space and the lead bytes of other white space: the bytes that may end a
    /// run of plain text.
    private static let specialBytes: [Bool] = (0..<256).map { b in
        b == 0x3C || b == 0x26 || b == 0x20 || (b >= 0x09 && b <= 0x0D) || b == 0xC2 || (b >= 0xE1 && b <= 0xE3)
    }

    /// Handles the markup starting with '<' at `start`; returns where text resumes.
    private static func markup(_ p: UnsafeBufferPointer<UInt8>, at start: Int, sink: inout TextSink) -> Int {
        let n = p.count
        let next = start + 1
        guard next < n else {
            sink.append(UnsafeBufferPointer(rebasing: p[start..<n]))
            return n
        }
        let c = p[next]
        if isASCIILetter(c) {
            let (kind, nameEnd) = tagKind(p, from: next)
            let end = tagEnd(p, from: nameEnd)
            guard end < n else { return n }
            if kind == .rawText {
                return skipRawText(p, name: UnsafeBufferPointer(rebasing: p[next..<nameEnd]), from: end + 1)
            }
            if kind == .block { sink.space() }
            return end + 1
        }
        if c == UInt8(ascii: "/") {
            if next + 1 < n, isASCIILetter(p[next + 1]) {
                let (kind, nameEnd) = tagKind(p, from: next + 1)
                let end = tagEnd(p, from: nameEnd)
                if kind == .block { sink.space() }
                return min(end + 1, n)
            }
            return min(find(UInt8(ascii: ">"), in: p, from: next) + 1, n)
        }
        if c == UInt8(ascii: "!") {
            if hasPrefix(p, at: next + 1, "--") {
                if let close = find(sequence: "-->", in: p, from: next + 1) { return close + 3 }
                return n
            }
            if hasPrefix(p, at: next + 1, "[CDATA[") {
                let bodyStart = next + 8
                let close = find(sequence: "]]>", in: p, from: bodyStart) ?? n
                sink.appendCollapsing(UnsafeBufferPointer(rebasing: p[bodyStart..<close]))
                return min(close + 3, n)
            }
            return min(find(UInt8(ascii: ">"), in: p, from: next) + 1, n)
        }
        if c == UInt8(ascii: "?") {
            return min(find(UInt8(ascii: ">"), in: p, from: next) + 1, n)
        }
        // A '<' that starts no tag is text.
        sink.append(UnsafeBufferPointer(rebasing: p[start..<next]))
        return next
    }

    enum TagKind { case inline, block, rawText }

    /// What the tag whose name starts at `from` does to text, and the index after its name.
    private static func tagKind(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> (TagKind, Int) {
        var j = from
        var key: UInt64 = 0
        var valid = true
        while j < p.count, isTagNameByte(p[j]) {
            if valid {
                let code = tagCode(p[j])
                if code == 0 || j - from >= 10 { valid = false } else { key = key << 6 | code }
            }
            j += 1
        }
        guard valid else { return (.inline, j) }
        return (kindOf(key), j)
    }

    /// 6-bit codes for tag name bytes: letters (either case) 1...26, digits 27...36; 0 otherwise.
    @inline(__always)
    private static func tagCode(_ b: UInt8) -> UInt64 {
        let l = b | 0x20
        if l >= 0x61 && l <= 0x7A { return UInt64(l - 0x60) }
        if b >= 0x30 && b <= 0x39 { return UInt64(b - 0x30 + 27) }
        return 0
    }

    static func key(_ name: String) -> UInt64 {
        name.utf8.reduce(UInt64(0)) { $0 << 6 | tagCode($1) }
    }

    /// Sorted keys of the block and raw-text elements, for a binary search.
    private static let kindTable: (keys: [UInt64], kinds: [TagKind]) = {
        var pairs = blockElements.map { (key($0), TagKind.block) } + rawTextElements.map { (key($0), TagKind.rawText) }
        pairs.sort { $0.0 < $1.0 }
        return (pairs.map(\.0), pairs.map(\.1))
    }()

    @inline(__always)
    private static func kindOf(_ key: UInt64) -> TagKind {
        let table = kindTable
        var lo = 0
        var hi = table.keys.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let k = table.keys[mid]
            if k == key { return table.kinds[mid] }
            if k < key { lo = mid + 1 } else { hi = mid }
        }
        return .inline
    }

    /// Index of the '>' closing a tag whose attributes start at `from` (quotes respected), or count.
    private static func tagEnd(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var j = from
        var quote: UInt8 = 0
        while j < p.count {
            let b = p[j]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == UInt8(ascii: ">") {
                return j
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'"), j > from,
                p[j - 1] == UInt8(ascii: "=") || isASCIIWhiteSpace(p[j - 1])
            {
                quote = b
            }
            j += 1
        }
        // An unterminated quote: fall back to the first '>' after the name.
        return find(UInt8(ascii: ">"), in: p, from: from)
    }

    /// Skips the content of script/style up to and including its end tag.
    private static func skipRawText(
        _ p: UnsafeBufferPointer<UInt8>, name nameBytes: UnsafeBufferPointer<UInt8>,
        from: Int
    ) -> Int {
        let n = p.count
        var j = from
        while j < n {
            j = find(UInt8(ascii: "<"), in: p, from: j)
            guard j + 1 < n else { return n }
            if p[j + 1] == UInt8(ascii: "/") {
                var k = 0
                while k < nameBytes.count, j + 2 + k < n, p[j + 2 + k] | 0x20 == nameBytes[k] | 0x20 { k += 1 }
                let after = j + 2 + k
                if k == nameBytes.count, after >= n || !isTagNameByte(p[after]) {
                    return min(find(UInt8(ascii: ">"), in: p, from: after) + 1, n)
                }
            }
            j += 1
        }
        return n
    }

    @inline(__always)
    private static func find(_ byte: UInt8, in p: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var j = from
        while j < p.count, p[j] != byte { j += 1 }
        return j
    }

    private static func find(sequence: StaticString, in p: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let s = UnsafeBufferPointer(start: sequence.utf8Start, count: sequence.utf8CodeUnitCount)
        guard s.count > 0 else { return from }
        var j = from
        while j + s.count <= p.count {
            if p[j] == s[0] {
                var k = 1
                while k < s.count, p[j + k] == s[k] { k += 1 }
                if k == s.count { return j }
            }
            j += 1
        }
        return nil
    }

    private static func hasPrefix(_ p: UnsafeBufferPointer<UInt8>, at: Int, _ prefix: StaticString) -> Bool {
        let s = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        guard at + s.count <= p.count else { return false }
        for k in 0..<s.count where p[at + k] != s[k] { return false }
        return true
    }

    @inline(__always)
    private static func isASCIILetter(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
    }

    @inline(__always)
    private static func isTagNameByte(_ b: UInt8) -> Bool {
        isASCIILetter(b) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: ":")
            || b == UInt8(ascii: "_")
    }

    /// Elements whose content is never text for a reader.
    /// (object, iframe and noscript hold fallback content that a reader without plugins sees.)
    static let rawTextElements: [String] = ["script", "style", "template", "applet"]

    /// Elements that break words apart (block-level and line-breaking ones).
    static let blockElements: [String] = [
        "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details", "dialog",
        "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol", "option",
        "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr",
        "ul", "img", "body", "head", "html", "video", "audio", "picture", "source", "track", "embed",
        "textarea", "select", "button", "input", "label",
    ]
}
