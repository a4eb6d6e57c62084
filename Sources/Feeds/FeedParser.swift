import Foundation

/// Parses feed documents: bytes in, ``Feed`` out. Pure (no I/O) and safe to use from several
/// threads at once (each call has its own libxml2 context).
public struct FeedParser: Sendable {
    public init() {}

    /// Parses one document. The format is detected from the content.
    /// - Parameters:
    ///   - url: where the bytes came from (the base for relative links).
    ///   - contentType: the HTTP Content-Type (its charset is an encoding hint).
    /// - Throws: ``FeedError/empty`` for an empty body, ``FeedError/notAFeed(_:)`` for an HTML page,
    ///   JSON that is not a JSON Feed, or an XML vocabulary that is not a feed.
    public func parse(_ data: Data, url: String? = nil, contentType: String? = nil) throws(FeedError) -> Feed {
        let result: Result<Feed, FeedError> = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let decoded = SourceDecoder.decode(bytes, contentType: contentType)
            if let converted = decoded.converted {
                return converted.withUnsafeBufferPointer {
                    parseUTF8($0, url: url, repaired: decoded.repaired)
                }
            }
            return parseUTF8(
                UnsafeBufferPointer(rebasing: bytes[decoded.offset...]), url: url,
                repaired: decoded.repaired)
        }
        return try result.get()
    }

    private func parseUTF8(_ p: UnsafeBufferPointer<UInt8>, url: String?, repaired: Bool) -> Result<Feed, FeedError> {
        var i = 0
        while i < p.count, isASCIIWhiteSpace(p[i]) || p[i] == 0 { i += 1 }
        guard i < p.count else { return .failure(.empty) }
        switch p[i] {
        case UInt8(ascii: "{"):
            let data = Data(UnsafeBufferPointer(rebasing: p[i...]))
            return Result { () throws(FeedError) in
                try JSONFeedDecoder.decode(data, documentURL: url, repaired: repaired)
            }
        case UInt8(ascii: "["):
            return .failure(.notAFeed("JSON document, not a JSON Feed"))
        default:
            if Self.startsHTML(UnsafeBufferPointer(rebasing: p[i...])) {
                return .failure(.notAFeed("HTML page, not a feed"))
            }
            return parseXML(p, url: url, repaired: repaired)
        }
    }

    private func parseXML(_ p: UnsafeBufferPointer<UInt8>, url: String?, repaired: Bool) -> Result<Feed, FeedError> {
        let pre = XMLPreprocessor.run(p)
        let builder = XMLFeedBuilder(documentURL: url)
        let started: Bool = pre.store.withUnsafeBufferPointer { store in
            builder.textStore = store
            builder.textSections = pre.sections
            defer { builder.textStore = nil }
            if let bytes = pre.bytes {
                return bytes.withUnsafeBufferPointer { XMLContinuation.parse($0, into: builder) }
            }
            return XMLContinuation.parse(UnsafeBufferPointer(rebasing: p[pre.start...]), into: builder)
        }
        guard started else {
            if pre.start >= p.count { return .failure(.notAFeed("neither XML nor JSON, not a feed")) }
            return .failure(.parserUnavailable("libxml2 could not create a parser context"))
        }
        if let feed = builder.finish(malformedInput: repaired || pre.malformed) { return .success(feed) }
        if let reason = builder.notAFeed { return .failure(.notAFeed(reason)) }
        return .failure(
            .notAFeed(
                pre.start >= p.count || !builder.sawRoot && pre.malformed
                    ? "neither XML nor JSON, not a feed" : "unreadable XML, not a feed"))
    }

    /// `<!DOCTYPE html` or `<html` (any case) at the start, after comments.
    static func startsHTML(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        func matches(_ s: String, at i: Int) -> Bool {
            let t = Array(s.utf8)
            guard i + t.count <= p.count else { return false }
            for k in 0..<t.count where (p[i + k] | 0x20) != t[k] { return false }
            return true
        }
        var i = 0
        while i < p.count {
            while i < p.count, isASCIIWhiteSpace(p[i]) { i += 1 }
            if matches("<!--", at: i) {
                i += 4
                while i + 2 < p.count, !(p[i] == 0x2D && p[i + 1] == 0x2D && p[i + 2] == 0x3E) { i += 1 }
                i += 3
                continue
            }
            if matches("<!doctype", at: i) {
                var j = i + 9
                while j < p.count, isASCIIWhiteSpace(p[j]) { j += 1 }
                return matches("html", at: j) && (j + 4 >= p.count || !HTMLEntities.isNameByte(p[j + 4]))
            }
            if matches("<html", at: i) {
                return i + 5 >= p.count || !HTMLEntities.isNameByte(p[i + 5])
            }
            return false
        }
        return false
    }
}
