import Foundation

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) into a ``Feed``.
enum JSONFeedDecoder {
    static func decode(_ data: Data, documentURL: String?, repaired: Bool) throws(FeedError) -> Feed {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw .notAFeed("invalid JSON, not a feed")
        }
        guard let root = object as? [String: Any] else { throw .notAFeed("JSON document, not a JSON Feed") }
        let version = (root["version"] as? String)?.trimmingASCIIWhiteSpace() ?? ""
        let items = root["items"] as? [Any]
        let format: FeedFormat
        var malformed = repaired
        if version.hasPrefix("https://jsonfeed.org/version/1.1") || version.hasPrefix("http://jsonfeed.org/version/1.1") {
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
        return Feed(format: format, title: title?.isEmpty == true ? nil : title,
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
        var entry = Entry(id: "", title: title, link: link,
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
}
