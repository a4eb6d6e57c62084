/// RFC 3986 §5 reference resolution on strings (no Foundation URL, no percent-encoding changes).
enum URLResolver {
    /// `reference` made absolute against `base`. A reference with a scheme is returned (dot segments
    /// removed); without a usable absolute base the reference comes back trimmed but unresolved.
    static func resolve(_ reference: String, against base: String?) -> String {
        let ref = cleaned(reference)
        let r = Components(ref)
        if r.scheme != nil { return r.with(path: removeDotSegments(r.path)).string }
        guard let base, let b = Optional(Components(cleaned(base))), b.scheme != nil else { return ref }
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
                if r.path.utf8.first == UInt8(ascii: "/") {
                    t.path = removeDotSegments(r.path)
                } else if b.authority != nil, b.path.isEmpty {
                    t.path = removeDotSegments("/" + r.path)
                } else {
                    let basePath = b.path
                    let merged: String
                    if let slash = basePath.utf8.lastIndex(of: UInt8(ascii: "/")) {
                        merged = String(basePath[...slash]) + r.path
                    } else {
                        merged = r.path
                    }
                    t.path = removeDotSegments(merged)
                }
                t.query = r.query
            }
        }
        t.fragment = r.fragment
        return t.string
    }

    /// Whether `string` starts with a URI scheme (`http:`, `urn:` ...).
    static func hasScheme(_ string: String) -> Bool { Components.schemeEnd(string) != nil }

    /// Trims white space and drops the tabs and newlines that wrapped feeds put inside URLs.
    static func cleaned(_ string: String) -> String {
        var bytes = Array(string.utf8)
        var start = 0
        var end = bytes.count
        while start < end, isASCIIWhiteSpace(bytes[start]) { start += 1 }
        while end > start, isASCIIWhiteSpace(bytes[end - 1]) { end -= 1 }
        if start == 0, end == bytes.count,
           !bytes.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return string
        }
        bytes = bytes[start..<end].filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        let absolute = path.hasPrefix("/")
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let body = absolute ? segments.dropFirst() : segments[...]
        var trailingSlash = false
        for (index, segment) in body.enumerated() {
            let last = index == body.count - 1
            trailingSlash = false
            switch segment {
            case ".":
                trailingSlash = last
            case "..":
                if !output.isEmpty { output.removeLast() }
                trailingSlash = last
            default:
                output.append(segment)
            }
        }
        var result = (absolute ? "/" : "") + output.joined(separator: "/")
        if trailingSlash, !result.hasSuffix("/") { result += "/" }
        return result
    }

    /// The five parts of a URI reference.
    struct Components {
        var scheme: String?
        var authority: String?
        var path = ""
        var query: String?
        var fragment: String?

        init() {}

        init(_ string: String) {
            var rest = Substring(string)
            if let end = Components.schemeEnd(string) {
                scheme = String(string[..<end])
                rest = string[string.index(after: end)...]
            }
            if let hash = rest.firstIndex(of: "#") {
                fragment = String(rest[rest.index(after: hash)...])
                rest = rest[..<hash]
            }
            if let question = rest.firstIndex(of: "?") {
                query = String(rest[rest.index(after: question)...])
                rest = rest[..<question]
            }
            if rest.hasPrefix("//") {
                let afterSlashes = rest.index(rest.startIndex, offsetBy: 2)
                let end = rest[afterSlashes...].firstIndex(of: "/") ?? rest.endIndex
                authority = String(rest[afterSlashes..<end])
                rest = rest[end...]
            }
            path = String(rest)
        }

        /// Index of the ':' ending a scheme, when the string starts with one.
        static func schemeEnd(_ string: String) -> String.Index? {
            var index = string.startIndex
            var first = true
            while index < string.endIndex {
                let c = string.utf8[index]
                if c == UInt8(ascii: ":") { return first ? nil : index }
                let letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A
                let ok = letter || (!first && ((c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2D || c == 0x2E))
                if !ok { return nil }
                first = false
                index = string.utf8.index(after: index)
            }
            return nil
        }

        func with(path: String) -> Components {
            var copy = self
            copy.path = path
            return copy
        }

        var string: String {
            var s = ""
            if let scheme { s += scheme + ":" }
            if let authority { s += "//" + authority }
            s += path
            if let query { s += "?" + query }
            if let fragment { s += "#" + fragment }
            return s
        }
    }
}
