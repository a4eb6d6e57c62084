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
        /// RSS titles: plain text by the format, escaped HTML in practice; HTML when it looks like it
        /// (``HTMLText/looksLikeHTML(utf8:)``).
        case guess
    }

    enum Slot {
        case feedTitle, feedLink, feedID
        case title, link, guid, id, published, updated, author, category, summary, content
    }

    /// An element that is open in the document's logical structure. libxml2's own stack can
    /// diverge from it after mismatched end tags (see ``endElement(local:)``).
    private struct Frame {
        var tag: FeedTag
        var base: String?
        /// libxml2 dictionary strings: valid for the whole parse.
        var local: UnsafePointer<xmlChar>
        var prefix: UnsafePointer<xmlChar>?
        var id: Int
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
    /// The parser context of the parse in progress. A new one means new dictionary strings, so the
    /// tag cache (keyed by libxml2's interned name pointers) starts over.
    var context: xmlParserCtxtPtr? {
        didSet { tagCache.removeAll(keepingCapacity: true) }
    }
    /// (local name, namespace URI) pointers from libxml2's dictionary -> tag, for this parse.
    private var tagCache: [(local: UnsafePointer<xmlChar>, uri: UnsafePointer<xmlChar>?, tag: FeedTag)] = []
    /// The text that `<?_nwc N?>` placeholders stand for (valid during the parse) and its sections.
    var textStore: UnsafeBufferPointer<UInt8>?
    var textSections: [Range<Int>] = []
    /// The namespace URI of a `feed` root in a namespace that is not Atom's (read as Atom).
    private var rootAliasURI: [UInt8]?

    var format: FeedFormat?
    var family: Family = .rss
    var notAFeed: String?
    var sawRoot = false
    private(set) var errors = 0

    private var stack: [Frame] = []
    /// One entry per element libxml2 has open: the id of its logical frame, or -1 when that frame
    /// was already closed (or the element is a continuation wrapper).
    private var libxmlOpen: [Int] = []
    private var nextFrameID = 0
    /// The actual name of a mismatched end tag; libxml2 reports it just before ending its open element.
    private var pendingMismatch: [UInt8]?
    /// Wrapper elements still to be skipped at the start of a continuation parse.
    private var transparentStarts = 0
    /// Where libxml2 stopped reading because its root element was closed too early, in bytes of
    /// the buffer being parsed.
    private(set) var stoppedAt: Int?
    /// Namespace declarations of the root element, for continuation wrappers.
    private(set) var rootNamespaces: [(prefix: String?, uri: String)] = []
    private var capture: Capture?
    private var buffer: [UInt8] = []
    var entry: EntryDraft?
    private var entryDepth = 0
    private var drafts: [EntryDraft] = []
    private var feedTitle = Ranked<String>()
    var feedLink = Ranked<RawLink>()

    /// Copies of element names that outlive the parser context they came from.
    private var ownedNames: [UnsafeMutablePointer<xmlChar>] = []

    init(documentURL: String?) {
        self.documentURL = documentURL
        stack.reserveCapacity(32)
        buffer.reserveCapacity(4096)
    }

    deinit {
        for name in ownedNames { name.deallocate() }
    }

    /// Called before the parser context (and its dictionary, which holds the names of open
    /// frames) is freed: gives the open frames their own copies of their names.
    func detachFromParser() {
        context = nil
        for k in stack.indices {
            stack[k].local = own(stack[k].local)
            if let prefix = stack[k].prefix { stack[k].prefix = own(prefix) }
        }
    }

    private func own(_ name: UnsafePointer<xmlChar>) -> UnsafePointer<xmlChar> {
        let count = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
        let copy = UnsafeMutablePointer<xmlChar>.allocate(capacity: count + 1)
        copy.initialize(from: name, count: count + 1)
        ownedNames.append(copy)
        return UnsafePointer(copy)
    }

    // MARK: - SAX events

    func startElement(
        local: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
        namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, namespaceCount: Int,
        attributes: XMLAttributes
    ) {
        nw_xml_rearm_well_formed(context)
        if transparentStarts > 0 {
            transparentStarts -= 1
            libxmlOpen.append(-1)
            return
        }
        if let capture {
            if capture.mode != .text { appendTag(local, closing: false) }
            push(Frame(tag: .other, base: nil, local: local, prefix: prefix, id: 0))
            return
        }
        var base = stack.last?.base
        if attributes.count > 0,
            let xmlBase = attributes.value("base", namespace: XMLAttributes.xmlNamespaceURI, prefix: "xml")
        {
            base = URLResolver.resolve(xmlBase, against: base ?? documentURL)
        }
        guard sawRoot else {
            let ns = XMLNamespace(uri: uri, prefix: prefix)
            let name = String(cString: local)
            let tag = root(name: name, ns: ns, attributes: attributes)
            if family == .atom, ns == .other, let uri {
                rootAliasURI = Array(
                    UnsafeBufferPointer(
                        start: uri, count: strlen(UnsafeRawPointer(uri).assumingMemoryBound(to: CChar.self))))
            }
            recordRootNamespaces(namespaces, count: namespaceCount)
            push(Frame(tag: tag, base: base, local: local, prefix: prefix, id: 0))
            return
        }
        let tag = feedTag(local: local, prefix: prefix, uri: uri)
        let parent = stack.last?.tag ?? .other
        push(Frame(tag: tag, base: base, local: local, prefix: prefix, id: 0))
        if family == .rdf, format == nil, tag == .channel || tag == .item {
            format = uri.map { String(cString: $0) } == XMLNamespace.rss090URI ? .rss09x : .rss10
        }

        if entry == nil {
            if tag == .item || tag == .entry {
                var draft = EntryDraft()
                if let about = attributes.value("about", namespace: XMLAttributes.rdfNamespaceURI, prefix: "rdf"),
                    !about.isEmpty
                {
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
        } else if tag == .mediaDescription {
            // Inside media:group or media:content (YouTube and podcast feeds).
            begin(.summary, rank: 3, mode: attributes.value("type") == "html" ? .html : .text)
        }
    }

    /// The tag of an element after the root, cached by libxml2's interned name and URI pointers.
    private func feedTag(
        local: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?,
        uri: UnsafePointer<xmlChar>?
    ) -> FeedTag {
        let cacheable = uri != nil || prefix == nil
        if cacheable {
            for item in tagCache where item.local == local && item.uri == uri { return item.tag }
        }
        var ns = XMLNamespace(uri: uri, prefix: prefix)
        if ns == .other, let alias = rootAliasURI, let uri,
            strlen(UnsafeRawPointer(uri).assumingMemoryBound(to: CChar.self)) == alias.count,
            alias.withUnsafeBufferPointer({ $0.elementsEqual(UnsafeBufferPointer(start: uri, count: alias.count)) })
        {
            ns = .atom10
        }
        let tag = FeedTag(namespace: ns, name: String(cString: local), atomDocument: family == .atom)
        // An undeclared prefix has no URI: the pointers do not identify it, so it is not cached.
        if cacheable, tagCache.count < 64 { tagCache.append((local, uri, tag)) }
        return tag
    }

    func endElement(local: UnsafePointer<xmlChar>) {
        nw_xml_rearm_well_formed(context)
        let id = libxmlOpen.popLast() ?? -1
        if let mismatch = pendingMismatch {
            // libxml2 ends its open element whatever the end tag said. Close, logically, up to the
            // element the end tag names; a stray end tag that names nothing open closes nothing.
            pendingMismatch = nil
            if let index = stack.lastIndex(where: { matches($0, mismatch) }) { closeFrames(downTo: index) }
            return
        }
        guard id >= 0, let index = stack.lastIndex(where: { $0.id == id }) else { return }
        closeFrames(downTo: index)
    }

    private func push(_ frame: Frame) {
        var frame = frame
        nextFrameID += 1
        frame.id = nextFrameID
        stack.append(frame)
        libxmlOpen.append(frame.id)
    }

    /// Ends the logical frames from the top down to (and including) `index`.
    private func closeFrames(downTo index: Int) {
        while stack.count > index {
            let frame = stack[stack.count - 1]
            if let capture {
                if stack.count == capture.depth {
                    finishCapture()
                } else if capture.mode != .text {
                    appendTag(frame.local, closing: true)
                }
            } else if entry != nil, stack.count == entryDepth {
                finishEntry()
            }
            stack.removeLast()
            if let open = libxmlOpen.lastIndex(of: frame.id) { libxmlOpen[open] = -1 }
        }
    }

    /// Whether `frame` is the element an end tag named `name` (as libxml2 reports it: the local
    /// part, or the whole qualified name) closes.
    private func matches(_ frame: Frame, _ name: [UInt8]) -> Bool {
        var k = 0
        if name.contains(UInt8(ascii: ":")) {
            guard let prefix = frame.prefix else { return false }
            while prefix[k] != 0 {
                guard k < name.count, name[k] == prefix[k] else { return false }
                k += 1
            }
            guard k < name.count, name[k] == UInt8(ascii: ":") else { return false }
            k += 1
        }
        var j = 0
        while frame.local[j] != 0 {
            guard k < name.count, name[k] == frame.local[j] else { return false }
            k += 1
            j += 1
        }
        return k == name.count
    }

    func characters(_ bytes: UnsafePointer<xmlChar>, count: Int) {
        nw_xml_rearm_well_formed(context)
        guard let capture, count > 0 else { return }
        let text = UnsafeBufferPointer(start: bytes, count: count)
        if capture.mode == .xhtml {
            // Character data of inline XHTML is text: escape it for HTMLText, a run at a time.
            var local: [UInt8] = []
            swap(&local, &buffer)
            var runStart = 0
            for (i, b) in text.enumerated() where b == UInt8(ascii: "&") || b == UInt8(ascii: "<") {
                local.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<i]))
                local.append(
                    contentsOf: b == UInt8(ascii: "&") ? XMLFeedBuilder.escapedAmpersand : XMLFeedBuilder.escapedLess)
                runStart = i + 1
            }
            local.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
            swap(&local, &buffer)
        } else {
            buffer.append(contentsOf: text)
        }
    }

    /// A `<?_nwc N?>` placeholder stands for text section N (see ``XMLPreprocessor``).
    func processingInstruction(target: UnsafePointer<xmlChar>, data: UnsafePointer<xmlChar>) {
        guard capture != nil, let source = textStore,
            strcmp(UnsafeRawPointer(target).assumingMemoryBound(to: CChar.self), "_nwc") == 0
        else { return }
        var index = 0
        var k = 0
        while data[k] >= 0x30, data[k] <= 0x39, k < 9 {
            index = index * 10 + Int(data[k] - 0x30)
            k += 1
        }
        guard k > 0, data[k] == 0, index < textSections.count else { return }
        let range = textSections[index]
        guard range.lowerBound >= 0, range.upperBound <= source.count, let base = source.baseAddress else { return }
        characters(base + range.lowerBound, count: range.count)
    }

    func error(_ error: UnsafePointer<xmlError>) {
        let e = error.pointee
        if e.level.rawValue >= XML_ERR_ERROR.rawValue { errors += 1 }
        if e.code == XML_ERR_TAG_NAME_MISMATCH.rawValue, let actual = e.str2 {
            pendingMismatch = Array(
                UnsafeBufferPointer(
                    start: UnsafeRawPointer(actual).assumingMemoryBound(to: UInt8.self),
                    count: strlen(actual)))
        } else if e.code == XML_ERR_DOCUMENT_END.rawValue, !stack.isEmpty, libxmlOpen.isEmpty,
            let input = context?.pointee.input, let cur = input.pointee.cur, let base = input.pointee.base
        {
            stoppedAt = cur - base
        }
    }

    /// Prepares for parsing the rest of a document whose root libxml2 closed too early: the next
    /// `wrappers` start elements are the continuation's wrappers.
    func beginContinuation(wrappers: Int) {
        stoppedAt = nil
        pendingMismatch = nil
        libxmlOpen.removeAll()
        transparentStarts = wrappers
    }

    // MARK: - Result

    /// Closes what a truncated document left open and returns the feed (nil when not a feed).
    func finish(malformedInput: Bool) -> Feed? {
        closeFrames(downTo: 0)
        if capture != nil { finishCapture() }
        if entry != nil { finishEntry() }
        guard sawRoot, notAFeed == nil else { return nil }
        let format = self.format ?? (family == .rdf ? .rss10 : .rss20)
        let feedLink = self.feedLink.value.map { URLResolver.resolve($0.reference, against: $0.xmlBase ?? documentURL) }
        let fallbackBase = family == .atom ? (documentURL ?? feedLink) : (feedLink ?? documentURL)
        let entries = drafts.map { draft in
            draft.entry { raw in URLResolver.resolve(raw.reference, against: raw.xmlBase ?? fallbackBase) }
        }
        return Feed(
            format: format, title: feedTitle.value, link: feedLink?.isEmpty == true ? nil : feedLink,
            entries: entries, malformed: malformedInput || errors > 0)
    }

    // MARK: - Structure

    private func recordRootNamespaces(_ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int) {
        guard let namespaces else { return }
        for k in 0..<count {
            guard let uri = namespaces[2 * k + 1] else { continue }
            rootNamespaces.append((namespaces[2 * k].map { String(cString: $0) }, String(cString: uri)))
        }
    }

    // MARK: - Capturing text

    func begin(
        _ slot: Slot, rank: Int, mode: TextMode, base64: Bool = false, permaLink: Bool = false,
        base: String? = nil
    ) {
        buffer.removeAll(keepingCapacity: true)
        capture = Capture(
            slot: slot, rank: rank, depth: stack.count, mode: mode, base64: base64,
            permaLink: permaLink, base: base)
    }

    private static let escapedAmpersand: [UInt8] = Array("&amp;".utf8)
    private static let escapedLess: [UInt8] = Array("&lt;".utf8)

    private func appendTag(_ local: UnsafePointer<xmlChar>, closing: Bool) {
        let name = UnsafeBufferPointer(
            start: local, count: strlen(UnsafeRawPointer(local).assumingMemoryBound(to: CChar.self)))
        buffer.append(contentsOf: closing ? [UInt8(ascii: "<"), UInt8(ascii: "/")] : [UInt8(ascii: "<")])
        buffer.append(contentsOf: name)
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
                // Binary (an image, say) is not text: invalid UTF-8 or NUL bytes drop it.
                guard UTF8Validation.scan(bytes).invalid == 0, !bytes.contains(0) else { return "" }
                return String(decoding: bytes, as: UTF8.self)
            }
            text = c.mode == .text || c.mode == .guess ? HTMLText.collapsingWhiteSpace(text) : HTMLText.plainText(text)
        } else {
            text = buffer.withUnsafeBufferPointer { bytes in
                if c.mode == .text || (c.mode == .guess && !HTMLText.looksLikeHTML(utf8: bytes)) {
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
        case .id:
            entry?.id.offer(text, rank: c.rank)
            if c.permaLink, entry?.permaLink == nil, looksLikeURL(text) {
                entry?.permaLink = RawLink(reference: text, xmlBase: c.base)
            }
        case .feedID:
            if looksLikeURL(text) { feedLink.offer(RawLink(reference: text, xmlBase: c.base), rank: 9) }
        // A repeated date element replaces the earlier one (as feedparser does).
        case .published:
            if let date = FeedDate.parse(text) { entry?.published.offer(date, rank: c.rank, replacing: true) }
        case .updated: if let date = FeedDate.parse(text) { entry?.updated.offer(date, rank: c.rank, replacing: true) }
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
