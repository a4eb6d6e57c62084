import CLibXML2
import Foundation

/// Receives libxml2's SAX2 events for one document and builds the ``Feed``.
/// Confined to the parse that owns it (one thread, one document).
final class XMLFeedBuilder {
    /// How captured character data becomes plain text.
    enum TextMode {
        /// Plain text: white space collapsed.
        case text
        /// HTML source (escaped HTML, CDATA, or unescaped markup): reduced by ``HTMLText``.
        case html
        /// Inline XHTML: child elements are markup, character data is text.
        case xhtml
    }

    enum Slot {
        case feedTitle, feedLink
        case title, link, guid, id, published, updated, author, category, summary, content
    }

    private struct Frame {
        var tag: FeedTag
        var base: String?
    }

    private struct Capture {
        var slot: Slot
        var rank: Int
        var depth: Int
        var mode: TextMode
        var base64 = false
        var permaLink = false
        var base: String?
    }

    enum Family { case rss, rdf, atom }

    let documentURL: String?
    var context: xmlParserCtxtPtr?

    private(set) var format: FeedFormat?
    private(set) var family: Family = .rss
    private(set) var notAFeed: String?
    private(set) var sawRoot = false
    private(set) var errors = 0

    private var stack: [Frame] = []
    private var capture: Capture?
    private var buffer: [UInt8] = []
    private var entry: EntryDraft?
    private var entryDepth = 0
    private var drafts: [EntryDraft] = []
    private var feedTitle = Ranked<String>()
    private var feedLink = Ranked<RawLink>()

    init(documentURL: String?) {
        self.documentURL = documentURL
        stack.reserveCapacity(32)
        buffer.reserveCapacity(4096)
    }

    // MARK: - SAX events

    func startElement(local: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
                      namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, namespaceCount: Int,
                      attributes: XMLAttributes) {
        nw_xml_rearm_well_formed(context)
        if let capture {
            if capture.mode != .text { appendTag(local, closing: false) }
            stack.append(Frame(tag: .other, base: nil))
            return
        }
        let ns = XMLNamespace(uri: uri, prefix: prefix)
        let name = String(cString: local)
        var base = stack.last?.base
        if let xmlBase = attributes.value("base", namespace: XMLAttributes.xmlNamespaceURI, prefix: "xml") {
            base = URLResolver.resolve(xmlBase, against: base ?? documentURL)
        }
        guard sawRoot else {
            root(name: name, ns: ns, namespaces: namespaces, namespaceCount: namespaceCount, attributes: attributes, base: base)
            return
        }
        let tag = FeedTag(namespace: ns, name: name, atomDocument: family == .atom)
        let parent = stack.last?.tag ?? .other
        stack.append(Frame(tag: tag, base: base))
        if family == .rdf, format == nil, tag == .channel || tag == .item {
            format = uri.map { String(cString: $0) } == XMLNamespace.rss090URI ? .rss09x : .rss10
        }

        if entry == nil {
            if tag == .item || tag == .entry {
                var draft = EntryDraft()
                if let about = attributes.value("about", namespace: XMLAttributes.rdfNamespaceURI, prefix: "rdf"),
                   !about.isEmpty {
                    draft.id.offer(about.trimmingASCIIWhiteSpace(), rank: 1)
                }
                entry = draft
                entryDepth = stack.count
            } else if parent == .channel || parent == .feed {
                feedField(tag, attributes: attributes, base: base)
            }
            return
        }
        if stack.count == entryDepth + 1 {
            entryField(tag, attributes: attributes, base: base)
        } else if tag == .atomName, parent == .atomAuthor, stack.count == entryDepth + 2 {
            begin(.author, rank: 0, mode: .text)
        }
    }

    func endElement(local: UnsafePointer<xmlChar>) {
        nw_xml_rearm_well_formed(context)
        if let capture {
            if stack.count == capture.depth {
                finishCapture()
            } else if capture.mode != .text {
                appendTag(local, closing: true)
            }
            _ = stack.popLast()
            return
        }
        if entry != nil, stack.count == entryDepth { finishEntry() }
        _ = stack.popLast()
    }

    func characters(_ bytes: UnsafePointer<xmlChar>, count: Int) {
        nw_xml_rearm_well_formed(context)
        guard let capture, count > 0 else { return }
        let text = UnsafeBufferPointer(start: bytes, count: count)
        if capture.mode == .xhtml {
            for b in text {
                switch b {
                case UInt8(ascii: "&"): buffer.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])
                case UInt8(ascii: "<"): buffer.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])
                default: buffer.append(b)
                }
            }
        } else {
            buffer.append(contentsOf: text)
        }
    }

    func error(level: xmlErrorLevel) {
        if level.rawValue >= XML_ERR_ERROR.rawValue { errors += 1 }
    }

    // MARK: - Result

    /// Closes what a truncated document left open and returns the feed (nil when not a feed).
    func finish(malformedInput: Bool) -> Feed? {
        if capture != nil { finishCapture() }
        if entry != nil { finishEntry() }
        guard sawRoot, notAFeed == nil else { return nil }
        let format = self.format ?? (family == .rdf ? .rss10 : .rss20)
        let feedLink = self.feedLink.value.map { URLResolver.resolve($0.reference, against: $0.xmlBase ?? documentURL) }
        let fallbackBase = family == .atom ? (documentURL ?? feedLink) : (feedLink ?? documentURL)
        let entries = drafts.map { draft in
            draft.entry { raw in URLResolver.resolve(raw.reference, against: raw.xmlBase ?? fallbackBase) }
        }
        return Feed(format: format, title: feedTitle.value, link: feedLink?.isEmpty == true ? nil : feedLink,
                    entries: entries, malformed: malformedInput || errors > 0)
    }

    // MARK: - Structure

    private func root(name: String, ns: XMLNamespace, namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                      namespaceCount: Int, attributes: XMLAttributes, base: String?) {
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
        default:
            notAFeed = name.lowercased() == "html"
                ? "HTML page, not a feed"
                : "XML document with root element <\(name)>, not a feed"
            if let context { xmlStopParser(context) }
        }
        stack.append(Frame(tag: tag, base: base))
    }

    private func feedField(_ tag: FeedTag, attributes: XMLAttributes, base: String?) {
        switch tag {
        case .rssTitle: begin(.feedTitle, rank: 0, mode: .html)
        case .dcTitle: begin(.feedTitle, rank: 1, mode: .html)
        case .atomTitle:
            if let (mode, base64) = textMode(attributes) { begin(.feedTitle, rank: 0, mode: mode, base64: base64) }
        case .rssLink: begin(.feedLink, rank: 0, mode: .text, base: base)
        case .atomLink:
            if let (href, rank) = alternateLink(attributes) {
                feedLink.offer(RawLink(reference: href, xmlBase: base), rank: family == .atom ? rank : rank + 1)
            }
        default: break
        }
    }

    private func entryField(_ tag: FeedTag, attributes: XMLAttributes, base: String?) {
        let atom = family == .atom
        switch tag {
        case .rssTitle: begin(.title, rank: 0, mode: .html)
        case .dcTitle: begin(.title, rank: 1, mode: .html)
        case .atomTitle:
            if let (mode, base64) = textMode(attributes) { begin(.title, rank: 0, mode: mode, base64: base64) }
        case .rssLink: begin(.link, rank: 0, mode: .text, base: base)
        case .atomLink:
            if let (href, rank) = alternateLink(attributes) {
                entry?.link.offer(RawLink(reference: href, xmlBase: base), rank: atom ? rank : rank + 1)
            }
        case .guid:
            let permaLink = attributes.value("isPermaLink")?.trimmingASCIIWhiteSpace().lowercased() != "false"
            begin(.guid, rank: 0, mode: .text, permaLink: permaLink, base: base)
        case .atomID: begin(.id, rank: 0, mode: .text)
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
        case .xhtmlBody: begin(.content, rank: 1, mode: .xhtml)
        default: break
        }
    }

    /// The mode of an Atom text construct (1.0 `type`; 0.3 MIME `type` and `mode`), nil for binary.
    private func textMode(_ attributes: XMLAttributes) -> (TextMode, Bool)? {
        let type = attributes.value("type")?.trimmingASCIIWhiteSpace().lowercased()
        let base64 = attributes.value("mode")?.trimmingASCIIWhiteSpace().lowercased() == "base64"
        switch type {
        case nil, "text", "text/plain": return (.text, base64)
        case "html", "text/html": return (.html, base64)
        case "xhtml", "application/xhtml+xml": return (.xhtml, base64)
        case let type?:
            if type.hasPrefix("text/") { return (.text, base64) }
            if type.hasSuffix("+xml") || type.hasSuffix("/xml") { return (.xhtml, base64) }
            return nil
        }
    }

    /// The href of an alternate link and its preference (0: HTML, 1: another type).
    private func alternateLink(_ attributes: XMLAttributes) -> (String, Int)? {
        let rel = attributes.value("rel")?.trimmingASCIIWhiteSpace().lowercased() ?? "alternate"
        guard rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate",
              let href = attributes.value("href"), !href.isEmpty else { return nil }
        let type = attributes.value("type")?.trimmingASCIIWhiteSpace().lowercased()
        let html = type == nil || type == "text/html" || type == "application/xhtml+xml"
        return (href, html ? 0 : 1)
    }

    // MARK: - Capturing text

    private func begin(_ slot: Slot, rank: Int, mode: TextMode, base64: Bool = false, permaLink: Bool = false,
                       base: String? = nil) {
        buffer.removeAll(keepingCapacity: true)
        capture = Capture(slot: slot, rank: rank, depth: stack.count, mode: mode, base64: base64,
                          permaLink: permaLink, base: base)
    }

    private func appendTag(_ local: UnsafePointer<xmlChar>, closing: Bool) {
        buffer.append(UInt8(ascii: "<"))
        if closing { buffer.append(UInt8(ascii: "/")) }
        var k = 0
        while local[k] != 0 {
            buffer.append(local[k])
            k += 1
        }
        buffer.append(UInt8(ascii: ">"))
    }

    private func finishCapture() {
        guard let c = capture else { return }
        capture = nil
        var text: String
        if c.base64 {
            let encoded = String(decoding: buffer, as: UTF8.self)
            let decoded = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) ?? Data()
            text = decoded.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                return String(decoding: UTF8Validation.repaired(bytes), as: UTF8.self)
            }
            text = c.mode == .text ? HTMLText.collapsingWhiteSpace(text) : HTMLText.plainText(text)
        } else {
            text = buffer.withUnsafeBufferPointer { bytes in
                if c.mode == .text {
                    var sink = TextSink(capacity: bytes.count)
                    sink.appendCollapsing(bytes)
                    return sink.string
                }
                return HTMLText.plainText(utf8: bytes)
            }
        }
        buffer.removeAll(keepingCapacity: true)
        guard !text.isEmpty else { return }
        switch c.slot {
        case .feedTitle: feedTitle.offer(text, rank: c.rank)
        case .feedLink: feedLink.offer(RawLink(reference: text, xmlBase: c.base), rank: c.rank)
        case .title: entry?.title.offer(text, rank: c.rank)
        case .link: entry?.link.offer(RawLink(reference: text, xmlBase: c.base), rank: c.rank)
        case .guid:
            entry?.id.offer(text, rank: c.rank)
            if c.permaLink, entry?.permaLink == nil, looksLikeURL(text) {
                entry?.permaLink = RawLink(reference: text, xmlBase: c.base)
            }
        case .id: entry?.id.offer(text, rank: c.rank)
        case .published: if let date = FeedDate.parse(text) { entry?.published.offer(date, rank: c.rank) }
        case .updated: if let date = FeedDate.parse(text) { entry?.updated.offer(date, rank: c.rank) }
        case .author: entry?.author.offer(text, rank: c.rank)
        case .category: entry?.addCategory(text)
        case .summary: entry?.summary.offer(text, rank: c.rank)
        case .content: entry?.content.offer(text, rank: c.rank)
        }
    }

    private func looksLikeURL(_ text: String) -> Bool {
        let lower = text.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    private func finishEntry() {
        if let entry { drafts.append(entry) }
        entry = nil
    }
}
