import CLibXML2

/// The feed vocabularies: which root element makes which format, and which element fills which
/// slot of the feed or of an entry, with what rank and text mode. The builder proper
/// (`XMLFeedBuilder.swift`) keeps the structure: frames, libxml2's name pointers, captures.
extension XMLFeedBuilder {
    /// Detects the format from the root element; returns its tag.
    func root(name: String, ns: XMLNamespace, attributes: XMLAttributes) -> FeedTag {
        sawRoot = true
        var tag = FeedTag.other
        switch (name, ns) {
        case ("rss", .rss):
            family = .rss
            tag = .rssRoot
            let version = attributes.value("version")?.trimmingASCIIWhiteSpace() ?? ""
            format = version.hasPrefix("0.9") ? .rss09x : .rss20
        case ("RDF", .rdf):
            family = .rdf
            tag = .rdfRoot
        case ("feed", .atom10):
            family = .atom
            tag = .feed
            format = .atom10
        case ("feed", .atom03):
            family = .atom
            tag = .feed
            format = .atom03
        case ("feed", .rss):
            family = .atom
            tag = .feed
            format = attributes.value("version")?.hasPrefix("0.3") == true ? .atom03 : .atom10
        case ("channel", .rss):
            family = .rss
            tag = .channel
            format = .rss09x
        case ("feed", .other):
            // A feed root in a namespace that is not Atom's (a typo, an old draft's URI): Atom.
            family = .atom
            tag = .feed
            format = attributes.value("version")?.hasPrefix("0.") == true ? .atom03 : .atom10
        default:
            notAFeed =
                name.lowercased() == "html"
                ? "HTML page, not a feed"
                : "XML document with root element <\(name)>, not a feed"
            if let context { xmlStopParser(context) }
        }
        return tag
    }

    func feedField(_ tag: FeedTag, attributes: XMLAttributes, base: String?) {
        switch tag {
        case .rssTitle: begin(.feedTitle, rank: 0, mode: .guess)
        case .dcTitle: begin(.feedTitle, rank: 1, mode: .guess)
        case .atomTitle:
            if let (mode, base64) = textMode(attributes) { begin(.feedTitle, rank: 0, mode: mode, base64: base64) }
        case .rssLink:
            if let href = attributes.value("href"), !href.isEmpty {
                feedLink.offer(RawLink(reference: href, xmlBase: base), rank: 2)
            }
            begin(.feedLink, rank: 0, mode: .text, base: base)
        case .atomID: begin(.feedID, rank: 0, mode: .text, base: base)
        case .atomLink:
            if let (href, rank) = alternateLink(attributes) {
                feedLink.offer(RawLink(reference: href, xmlBase: base), rank: family == .atom ? rank : rank + 1)
            }
        default: break
        }
    }

    func entryField(_ tag: FeedTag, attributes: XMLAttributes, base: String?) {
        let atom = family == .atom
        switch tag {
        case .rssTitle: begin(.title, rank: 0, mode: .guess)
        case .dcTitle: begin(.title, rank: 1, mode: .guess)
        case .atomTitle:
            if let (mode, base64) = textMode(attributes) { begin(.title, rank: 0, mode: mode, base64: base64) }
        case .rssLink:
            if let href = attributes.value("href"), !href.isEmpty {
                entry?.link.offer(RawLink(reference: href, xmlBase: base), rank: 2)
            }
            begin(.link, rank: 0, mode: .text, base: base)
        case .atomLink:
            if let (href, rank) = alternateLink(attributes) {
                entry?.link.offer(RawLink(reference: href, xmlBase: base), rank: atom ? rank : rank + 1)
            }
        case .guid:
            let permaLink = attributes.value("isPermaLink")?.trimmingASCIIWhiteSpace().lowercased() != "false"
            begin(.guid, rank: 0, mode: .text, permaLink: permaLink, base: base)
        case .atomID: begin(.id, rank: 0, mode: .text, permaLink: true, base: base)
        case .dcIdentifier: begin(.id, rank: 2, mode: .text)
        case .pubDate: begin(.published, rank: 0, mode: .text)
        case .atomPublished, .atomIssued: begin(.published, rank: atom ? 0 : 1, mode: .text)
        case .dcDate: begin(.published, rank: 1, mode: .text)
        case .termsIssued: begin(.published, rank: 2, mode: .text)
        case .atomCreated: begin(.published, rank: 3, mode: .text)
        case .atomUpdated, .atomModified: begin(.updated, rank: 0, mode: .text)
        case .termsModified: begin(.updated, rank: 1, mode: .text)
        case .dcCreator: begin(.author, rank: 0, mode: .text)
        case .rssAuthor: begin(.author, rank: 1, mode: .text)
        case .rssCategory, .dcSubject: begin(.category, rank: 0, mode: .text)
        case .atomCategory:
            if let term = attributes.value("term") ?? attributes.value("label") {
                entry?.addCategory(HTMLText.collapsingWhiteSpace(term))
            }
        case .rssDescription: begin(.summary, rank: 0, mode: .html)
        case .dcDescription: begin(.summary, rank: 1, mode: .html)
        case .mediaDescription:
            begin(.summary, rank: 2, mode: attributes.value("type") == "html" ? .html : .text)
        case .atomSummary:
            if let (mode, base64) = textMode(attributes) { begin(.summary, rank: 0, mode: mode, base64: base64) }
        case .contentEncoded: begin(.content, rank: 0, mode: .html)
        case .atomContent:
            if attributes.value("src") == nil, let (mode, base64) = textMode(attributes) {
                begin(.content, rank: 0, mode: mode, base64: base64)
            }
        case .xhtmlBody, .rssBody: begin(.content, rank: 1, mode: .xhtml)
        case .fullItem: begin(.content, rank: 2, mode: .html)
        case .rssSummary: begin(.content, rank: 3, mode: .html)
        case .mediaTitle: begin(.title, rank: 2, mode: attributes.value("type") == "html" ? .html : .guess)
        case .itunesSummary: begin(.summary, rank: 4, mode: .html)
        default: break
        }
    }

    /// The mode of an Atom text construct (1.0 `type`; 0.3 MIME `type` and `mode`) and whether it is base64.
    func textMode(_ attributes: XMLAttributes) -> (TextMode, Bool)? {
        let type = attributes.value("type")?.trimmingASCIIWhiteSpace().lowercased()
        let base64 = attributes.value("mode")?.trimmingASCIIWhiteSpace().lowercased() == "base64"
        switch type {
        case nil, "", "text", "text/plain": return (.text, base64)
        case "html", "text/html": return (.html, base64)
        case "xhtml", "application/xhtml+xml": return (.xhtml, base64)
        case let type?:
            if type.hasPrefix("text/") { return (.text, base64) }
            if type.hasSuffix("+xml") || type.hasSuffix("/xml") { return (.xhtml, base64) }
            // RFC 4287 §4.1.3.3: any other media type is base64 (kept only when it decodes to text).
            return (.text, true)
        }
    }

    /// The href of an alternate link and its preference (0: HTML, 1: another type).
    func alternateLink(_ attributes: XMLAttributes) -> (String, Int)? {
        let rel = attributes.value("rel")?.trimmingASCIIWhiteSpace().lowercased() ?? "alternate"
        guard rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate",
            let href = attributes.value("href"), !href.isEmpty
        else { return nil }
        let type = attributes.value("type")?.trimmingASCIIWhiteSpace().lowercased()
        let html = type == nil || type == "text/html" || type == "application/xhtml+xml"
        return (href, html ? 0 : 1)
    }
}
