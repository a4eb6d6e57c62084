import Foundation

/// What a page's JSON-LD (`<script type="application/ld+json">`) says about its article (README
/// "Extract articles"): the first object, at any level of arrays and `@graph`, whose `@type` is an
/// article or a posting or that has an `articleBody`, preferring one with a body.
struct JSONLDArticle: Sendable, Equatable {
    var headline: String?
    var author: String?
    var datePublished: String?
    var inLanguage: String?
    var articleBody: String?

    /// Objects visited at most, over every script of a page.
    static let maxObjects = 10_000

    static func read(_ scripts: [[UInt8]]) -> JSONLDArticle? {
        var found: JSONLDArticle?
        var budget = maxObjects
        for script in scripts {
            guard
                let value = (try? JSONSerialization.jsonObject(with: Data(repaired(script, arrays: true))))
                    ?? (try? JSONSerialization.jsonObject(with: Data(repaired(script, arrays: false))))
            else { continue }
            var stack: [(Any, Int)] = [(value, 0)]
            while let (item, depth) = stack.popLast(), budget > 0 {
                budget -= 1
                if let array = item as? [Any] {
                    if depth < 32 { stack.append(contentsOf: array.reversed().map { ($0, depth + 1) }) }
                    continue
                }
                guard let object = item as? [String: Any] else { continue }
                if let graph = object["@graph"], depth < 32 { stack.append((graph, depth + 1)) }
                guard isArticle(object) else { continue }
                let article = JSONLDArticle(object)
                if found == nil || (found?.articleBody == nil && article.articleBody != nil) { found = article }
                if found?.articleBody != nil { return found }
            }
        }
        return found
    }

    private init(_ object: [String: Any]) {
        headline = Self.text(object["headline"]) ?? Self.text(object["name"])
        author = Self.names(object["author"]) ?? Self.names(object["creator"])
        datePublished = Self.text(object["datePublished"]) ?? Self.text(object["dateCreated"])
        inLanguage = Self.text(object["inLanguage"]) ?? Self.names(object["inLanguage"])
        articleBody = Self.text(object["articleBody"])
    }

    private static func isArticle(_ object: [String: Any]) -> Bool {
        if object["articleBody"] is String { return true }
        let types: [String]
        if let type = object["@type"] as? String {
            types = [type]
        } else if let list = object["@type"] as? [Any] {
            types = list.compactMap { $0 as? String }
        } else {
            return false
        }
        return types.contains { $0.hasSuffix("Article") || $0.hasSuffix("Posting") || $0 == "Report" }
    }

    private static func text(_ value: Any?) -> String? {
        guard let string = value as? String else { return nil }
        let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A person or organization, or a list of them: their names, joined with ", ".
    private static func names(_ value: Any?) -> String? {
        var result: [String] = []
        func add(_ v: Any?) {
            if let s = text(v) {
                result.append(s)
            } else if let object = v as? [String: Any], let name = text(object["name"]) {
                result.append(name)
            }
        }
        if let list = value as? [Any] {
            for item in list.prefix(20) { add(item) }
        } else {
            add(value)
        }
        return result.isEmpty ? nil : result.joined(separator: ", ")
    }

    /// Raw control characters inside strings (pages write line breaks into `articleBody`) escaped, so
    /// that the JSON parser accepts them: a line feed stays a line break.
    /// Anything before the first `{` (or `[`, with `arrays`) and after the last `}` (or `]`) is dropped:
    /// comments and CDATA markers around the JSON.
    static func repaired(_ script: [UInt8], arrays: Bool) -> [UInt8] {
        let open = UInt8(ascii: "{")
        let close = UInt8(ascii: "}")
        let openArray = arrays ? UInt8(ascii: "[") : open
        let closeArray = arrays ? UInt8(ascii: "]") : close
        guard let first = script.firstIndex(where: { $0 == open || $0 == openArray }),
            let last = script.lastIndex(where: { $0 == close || $0 == closeArray }), last > first
        else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(last - first + 16)
        var inString = false
        var escaped = false
        for b in script[first...last] {
            if inString {
                if escaped {
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                } else if b < 0x20 {
                    if b == 0x0A {
                        out.append(UInt8(ascii: "\\"))
                        out.append(UInt8(ascii: "n"))
                    } else {
                        out.append(0x20)
                    }
                    continue
                }
            } else if b == UInt8(ascii: "\"") {
                inString = true
            }
            out.append(b)
        }
        return out
    }
}
