/// libxml2 ends a document when its root element is closed, and its recovery closes one open
/// element for every mismatched end tag, so a few stray end tags (`</p>` with no `<p>`) end the
/// document early and lose every entry after them. When that happens while the feed's logical
/// structure is still open, the rest of the buffer is parsed again inside wrapper elements that
/// absorb further stray end tags, with the builder's state carried over.
enum XMLContinuation {
    /// Wrapper elements per restart (each absorbs one stray end tag).
    static let wrapperDepth = 32
    /// Restarts per document.
    static let maxRestarts = 16

    /// Parses `bytes` into `builder`, continuing after premature ends. False when libxml2 could not start.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, into builder: XMLFeedBuilder) -> Bool {
        guard LibXMLSAXReader.parse(bytes, into: builder) else { return false }
        var offset = 0  // where the current parse's own bytes start in `bytes`
        var prefixLength = 0  // wrapper bytes in front of them
        var restarts = 0
        while let stopped = builder.stoppedAt, restarts < maxRestarts {
            let resume = offset + stopped - prefixLength
            guard resume > offset, resume < bytes.count else { break }
            let prefix = wrappers(builder.rootNamespaces)
            var buffer = prefix
            buffer.reserveCapacity(prefix.count + bytes.count - resume)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[resume...]))
            builder.beginContinuation(wrappers: wrapperDepth)
            let ok = buffer.withUnsafeBufferPointer { LibXMLSAXReader.parse($0, into: builder) }
            guard ok else { break }
            offset = resume
            prefixLength = prefix.count
            restarts += 1
        }
        return true
    }

    /// `<_ xmlns...>` carrying the root's namespace declarations, then plain `<_>` wrappers.
    private static func wrappers(_ namespaces: [(prefix: String?, uri: String)]) -> [UInt8] {
        var first = "<_"
        for (prefix, uri) in namespaces {
            let escaped = uri.replacingAll("&", with: "&amp;").replacingAll("\"", with: "&quot;")
                .replacingAll("<", with: "&lt;")
            first += prefix.map { " xmlns:\($0)=\"" } ?? " xmlns=\""
            first += escaped + "\""
        }
        first += ">"
        return Array(first.utf8) + Array(String(repeating: "<_>", count: wrapperDepth - 1).utf8)
    }
}

private extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        for c in self { if c == target { result += replacement } else { result.append(c) } }
        return result
    }
}
