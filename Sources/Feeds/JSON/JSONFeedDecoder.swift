import Foundation

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) into a ``Feed``.
enum JSONFeedDecoder {
    static func decode(_ data: Data, documentURL: String?, repaired: Bool) throws(FeedError) -> Feed {
        let object: Any
        var malformed = repaired
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            // A `\uD83D` escape without its other half (a teaser cut in the middle of an emoji) is
            // refused by the JSON parser; it stands for U+FFFD here, and the feed is read as malformed.
            guard let mended = mendingLoneSurrogates(data),
                let again = try? JSONSerialization.jsonObject(with: mended, options: [.fragmentsAllowed])
            else { throw .notAFeed("invalid JSON, not a feed") }
            object = again
            malformed = true
        }
        guard let root = object as? [String: Any] else { throw .notAFeed("JSON document, not a JSON Feed") }
        let version = (root["version"] as? String)?.trimmingASCIIWhiteSpace() ?? ""
        let items = root["items"] as? [Any]
        let format: FeedFormat
        if version.hasPrefix("https://jsonfeed.org/version/1.1") || version.hasPrefix("http://jsonfeed.org/version/1.1")
        {
            format = .json11
        } else if version.contains("jsonfeed.org/version/") {
            format = .json10
        } else if items != nil, root["title"] != nil || root["home_page_url"] != nil {
            // No version, but a JSON Feed's shape: read it and say so.
            format = .json10
            malformed = true
        } else {
            throw .notAFeed("JSON document, not a JSON Feed")
        }
        if items == nil, root["items"] != nil { malformed = true }

        let home = string(root["home_page_url"])
        let feedURL = string(root["feed_url"])
        let homeAbsolute = home.map { URLResolver.resolve($0, against: documentURL ?? feedURL) }
        let base = homeAbsolute ?? documentURL ?? feedURL
        var entries: [Entry] = []
        for case let item as [String: Any] in items ?? [] {
            entries.append(entry(item, base: base))
        }
        if let items, entries.count != items.count { malformed = true }
        let title = string(root["title"]).map(HTMLText.collapsingWhiteSpace)
        return Feed(
            format: format, title: title?.isEmpty == true ? nil : title,
            link: homeAbsolute?.isEmpty == true ? nil : homeAbsolute, entries: entries, malformed: malformed)
    }

    private static func entry(_ item: [String: Any], base: String?) -> Entry {
        let title = string(item["title"]).map(HTMLText.plainText) ?? ""
        let link = (string(item["url"]) ?? string(item["external_url"]))
            .map { URLResolver.resolve($0, against: base) }
            .flatMap { $0.isEmpty ? nil : $0 }
        let content: String
        if let html = string(item["content_html"]), !html.isEmpty {
            content = HTMLText.plainText(html)
        } else {
            content = string(item["content_text"]).map(HTMLText.collapsingWhiteSpace) ?? ""
        }
        let summary = string(item["summary"]).map(HTMLText.collapsingWhiteSpace) ?? ""
        var authorName: String?
        if let authors = item["authors"] as? [Any] {
            authorName = authors.lazy.compactMap { ($0 as? [String: Any]).flatMap { string($0["name"]) } }.first
        }
        if authorName == nil, let author = item["author"] as? [String: Any] { authorName = string(author["name"]) }
        var categories: [String] = []
        for case let tag as String in item["tags"] as? [Any] ?? [] {
            let tag = HTMLText.collapsingWhiteSpace(tag)
            if !tag.isEmpty, !categories.contains(tag) { categories.append(tag) }
        }
        var entry = Entry(
            id: "", title: title, link: link,
            published: string(item["date_published"]).flatMap(FeedDate.parse),
            updated: string(item["date_modified"]).flatMap(FeedDate.parse),
            author: authorName.map(HTMLText.collapsingWhiteSpace).flatMap { $0.isEmpty ? nil : $0 },
            categories: categories, summary: summary, content: content)
        let id = jsonID(item["id"]).map { $0.trimmingASCIIWhiteSpace() } ?? ""
        entry.id = !id.isEmpty ? id : (link ?? EntryIdentity.derivedID(title: title, text: entry.text))
        return entry
    }

    /// A string value (JSON Feed requires strings; numbers are read too, as some feeds write them).
    private static func string(_ value: Any?) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        if let s = value as? String { return s }
        return nil
    }

    private static func jsonID(_ value: Any?) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        if let s = value as? String { return s }
        if let n = value as? NSNumber {
            let d = n.doubleValue
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return n.stringValue
        }
        return nil
    }

    /// `data` with every `\uD800`–`\uDFFF` escape that is not half of a surrogate pair replaced by
    /// `\uFFFD`; nil when there is none (then something else is wrong with the JSON).
    static func mendingLoneSurrogates(_ data: Data) -> Data? {
        let bytes = [UInt8](data)
        /// The value of the `\uXXXX` escape at `i` (its backslash), if there is one.
        func escape(at i: Int) -> UInt32? {
            guard i + 5 < bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else { return nil }
            var value: UInt32 = 0
            for k in 2..<6 {
                guard let digit = HTMLEntities.hexDigit(bytes[i + k]) else { return nil }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var mended = false
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x5C, i + 1 < bytes.count {
                if bytes[i + 1] == 0x75, let unit = escape(at: i) {
                    if (0xD800...0xDBFF).contains(unit), let low = escape(at: i + 6), (0xDC00...0xDFFF).contains(low) {
                        out.append(contentsOf: bytes[i..<(i + 12)])  // a whole pair
                        i += 12
                        continue
                    }
                    if (0xD800...0xDFFF).contains(unit) {
                        out.append(contentsOf: Array("\\uFFFD".utf8))
                        mended = true
                        i += 6
                        continue
                    }
                }
                out.append(contentsOf: bytes[i..<(i + 2)])  // any other escape, `\\` included
                i += 2
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return mended ? Data(out) : nil
    }
}
