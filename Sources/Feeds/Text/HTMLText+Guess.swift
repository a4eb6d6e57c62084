extension HTMLText {
    /// Whether text that may be plain or HTML (an RSS title: the format says plain text, feeds write
    /// escaped HTML too) reads as HTML: it has a closing tag or a character reference, every tag
    /// names a harmless HTML element and every named reference is an HTML one. So
    /// "Tom &amp; Jerry" (double-escaped) and "<b>Bold</b> move" are HTML, while "AT&T",
    /// "Why <script> is bad" and "The <details> element" stay as written.
    static func looksLikeHTML(utf8 p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        var evidence = false
        var i = 0
        while i < n {
            let b = p[i]
            if b == UInt8(ascii: "<") {
                var j = i + 1
                let closing = j < n && p[j] == UInt8(ascii: "/")
                if closing { j += 1 }
                let nameStart = j
                while j < n, isWordByte(p[j]) { j += 1 }
                if j > nameStart {
                    guard inlineOrBlock(UnsafeBufferPointer(rebasing: p[nameStart..<j])) else { return false }
                    if closing, j < n, p[j] == UInt8(ascii: ">") { evidence = true }
                }
                i = j
            } else if b == UInt8(ascii: "&") {
                var j = i + 1
                let numeric = j < n && p[j] == UInt8(ascii: "#")
                if numeric { j += 1 }
                let nameStart = j
                while j < n, isWordByte(p[j]) { j += 1 }
                if j > nameStart, j < n, p[j] == UInt8(ascii: ";") {
                    if !numeric, HTMLEntities.lookup(UnsafeBufferPointer(rebasing: p[nameStart..<j])) == nil {
                        return false
                    }
                    evidence = true
                }
                i = j
            } else {
                i += 1
            }
        }
        return evidence
    }

    @inline(__always)
    private static func isWordByte(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "_")
    }

    /// Elements that text formatting uses (no script, style, iframe, object, form controls...).
    private static func inlineOrBlock(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count <= 10 else { return false }
        return formattingKeys.contains(name.reduce(UInt64(0)) { $0 << 6 | code($1) })
    }

    /// 6-bit codes: letters (either case) 1...26, digits 27...36, '_' 37.
    @inline(__always)
    private static func code(_ b: UInt8) -> UInt64 {
        let l = b | 0x20
        if l >= 0x61 && l <= 0x7A { return UInt64(l - 0x60) }
        if b >= 0x30 && b <= 0x39 { return UInt64(b - 0x30 + 27) }
        return 37
    }

    private static let formattingKeys: Set<UInt64> = Set(
        ("a abbr acronym address article aside b bdi bdo big blockquote br caption center cite code col "
            + "colgroup dd del details dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header "
            + "hr i img ins kbd li mark nav ol p pre q s samp section small span strike strong sub summary sup "
            + "table tbody td tfoot th thead time tr tt u ul var wbr").split(separator: " ").map { word in
                word.utf8.reduce(UInt64(0)) { $0 << 6 | code($1) }
            })
}
