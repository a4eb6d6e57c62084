/// RFC 3986 §5 reference resolution on UTF-8 bytes (no Foundation URL, no percent-encoding changes).
public enum URLResolver {
    /// `reference` made absolute against `base`. A reference with a scheme is returned (dot segments
    /// removed); without a usable absolute base the reference comes back trimmed but unresolved.
    public static func resolve(_ reference: String, against base: String?) -> String {
        let ref = cleaned(reference)
        // Fast path: most feed links are already absolute and clean.
        var copy = ref
        if copy.withUTF8({ p in
            guard let end = schemeEnd(p), !hasDotSegment(p) else { return false }
            return !p[..<end].contains { $0 >= 0x41 && $0 <= 0x5A }
        }) {
            return ref
        }
        let r = Components(Array(ref.utf8))
        if r.scheme != nil {
            var t = r
            t.path = removeDotSegments(r.path)
            return t.string
        }
        guard let base else { return ref }
        let b = Components(Array(cleaned(base).utf8))
        guard b.scheme != nil else { return ref }
        var t = Components()
        t.scheme = b.scheme
        if r.authority != nil {
            t.authority = r.authority
            t.path = removeDotSegments(r.path)
            t.query = r.query
        } else {
            t.authority = b.authority
            if r.path.isEmpty {
                t.path = b.path
                t.query = r.query ?? b.query
            } else {
                if r.path.first == UInt8(ascii: "/") {
                    t.path = removeDotSegments(r.path)
                } else if b.authority != nil, b.path.isEmpty {
                    t.path = removeDotSegments([UInt8(ascii: "/")] + r.path)
                } else if let slash = b.path.lastIndex(of: UInt8(ascii: "/")) {
                    t.path = removeDotSegments(Array(b.path[...slash]) + r.path)
                } else {
                    t.path = removeDotSegments(r.path)
                }
                t.query = r.query
            }
        }
        t.fragment = r.fragment
        return t.string
    }

    /// Whether `string` starts with a URI scheme (`http:`, `urn:` ...).
    static func hasScheme(_ string: String) -> Bool { schemeEnd(string.utf8) != nil }

    /// Trims white space and drops the tabs and newlines that wrapped feeds put inside URLs.
    static func cleaned(_ string: String) -> String {
        let u = string.utf8
        var needs = false
        if let first = u.first, let last = u.last, isASCIIWhiteSpace(first) || isASCIIWhiteSpace(last) { needs = true }
        if !needs { needs = u.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } }
        guard needs else { return string }
        var bytes = Array(u)
        var start = 0
        var end = bytes.count
        while start < end, isASCIIWhiteSpace(bytes[start]) { start += 1 }
        while end > start, isASCIIWhiteSpace(bytes[end - 1]) { end -= 1 }
        bytes = bytes[start..<end].filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a path (or a whole reference) has a `.` or `..` segment.
    private static func hasDotSegment(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = p.count
        // Only the part before '?' or '#' matters.
        var end = n
        for k in 0..<n where p[k] == UInt8(ascii: "?") || p[k] == UInt8(ascii: "#") { end = k; break }
        while i < end {
            if p[i] == UInt8(ascii: "."), i == 0 || p[i - 1] == UInt8(ascii: "/") {
                var j = i + 1
                if j < end, p[j] == UInt8(ascii: ".") { j += 1 }
                if j == end || p[j] == UInt8(ascii: "/") { return true }
            }
            i += 1
        }
        return false
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        String(decoding: removeDotSegments(Array(path.utf8)), as: UTF8.self)
    }

    static func removeDotSegments(_ path: [UInt8]) -> [UInt8] {
        guard path.contains(UInt8(ascii: ".")), path.withUnsafeBufferPointer(hasDotSegment) else { return path }
        let slash = UInt8(ascii: "/")
        let absolute = path.first == slash
        var output: [ArraySlice<UInt8>] = []
        let segments = path.split(separator: slash, omittingEmptySubsequences: false)
        let body = absolute ? segments.dropFirst() : segments[...]
        var trailingSlash = false
        for (index, segment) in body.enumerated() {
            let last = index == body.count - 1
            trailingSlash = false
            if segment.count == 1, segment.first == UInt8(ascii: ".") {
                trailingSlash = last
            } else if segment.count == 2, segment.allSatisfy({ $0 == UInt8(ascii: ".") }) {
                if !output.isEmpty { output.removeLast() }
                trailingSlash = last
            } else {
                output.append(segment)
            }
        }
        var result: [UInt8] = absolute ? [slash] : []
        for (k, segment) in output.enumerated() {
            if k > 0 { result.append(slash) }
            result.append(contentsOf: segment)
        }
        if trailingSlash, result.last != slash { result.append(slash) }
        return result
    }

    /// Index of the ':' ending a scheme, when the bytes start with one.
    static func schemeEnd<C: Collection<UInt8>>(_ s: C) -> C.Index? {
        var index = s.startIndex
        var first = true
        while index < s.endIndex {
            let c = s[index]
            if c == UInt8(ascii: ":") { return first ? nil : index }
            let letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A
            let ok = letter || (!first && ((c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2D || c == 0x2E))
            if !ok { return nil }
            first = false
            index = s.index(after: index)
        }
        return nil
    }

    /// The five parts of a URI reference, as bytes.
    struct Components {
        var scheme: ArraySlice<UInt8>?
        var authority: ArraySlice<UInt8>?
        var path: [UInt8] = []
        var query: ArraySlice<UInt8>?
        var fragment: ArraySlice<UInt8>?

        init() {}

        init(_ s: [UInt8]) {
            var start = 0
            var end = s.count
            if let colon = URLResolver.schemeEnd(s) {
                // Schemes are case-insensitive; the canonical form is lower case (RFC 3986 §3.1).
                scheme = ArraySlice(s[0..<colon].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
                start = colon + 1
            }
            if let hash = s[start..<end].firstIndex(of: UInt8(ascii: "#")) {
                fragment = s[(hash + 1)..<end]
                end = hash
            }
            if let question = s[start..<end].firstIndex(of: UInt8(ascii: "?")) {
                query = s[(question + 1)..<end]
                end = question
            }
            if end - start >= 2, s[start] == UInt8(ascii: "/"), s[start + 1] == UInt8(ascii: "/") {
                let afterSlashes = start + 2
                let slash = s[afterSlashes..<end].firstIndex(of: UInt8(ascii: "/")) ?? end
                authority = s[afterSlashes..<slash]
                start = slash
            }
            path = Array(s[start..<end])
        }

        var string: String {
            var s: [UInt8] = []
            s.reserveCapacity(path.count + (authority?.count ?? 0) + (query?.count ?? 0) + 16)
            if let scheme { s += scheme; s.append(UInt8(ascii: ":")) }
            if let authority { s += [UInt8(ascii: "/"), UInt8(ascii: "/")]; s += authority }
            s += path
            if let query { s.append(UInt8(ascii: "?")); s += query }
            if let fragment { s.append(UInt8(ascii: "#")); s += fragment }
            return String(decoding: s, as: UTF8.self)
        }
    }
}
