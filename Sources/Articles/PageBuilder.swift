import Basics
import Feeds

/// Receives libxml2's SAX events for one page and keeps what the extractor needs (README "Extract
/// articles"): block elements as ``PageNode``s, the text as ``TextBlock``s in one byte buffer, and the
/// page's ``PageMetadata``. Bounded whatever the page: elements deeper than `maxDepth` or past
/// `maxNodes` add no node (their text goes to the deepest one kept), captured strings are capped.
final class PageBuilder {
    static let maxDepth = 256
    static let maxNodes = 400_000
    static let maxCapture = 4096
    static let maxJSONLD = 2 << 20

    var nodes: [PageNode] = []
    var blocks: [TextBlock] = []
    var text: [UInt8] = []
    var metadata = PageMetadata()

    /// One open element: the node it opened (or the one it inherited), and what it switched on.
    private struct Open {
        var node: Int32
        var opensBlock: Bool
        var skips: Bool
        var link: Bool
        var captures: Capture
    }

    private struct Capture: OptionSet {
        let rawValue: UInt8
        static let title = Capture(rawValue: 1)
        static let heading = Capture(rawValue: 2)
        static let byline = Capture(rawValue: 4)
        static let relAuthor = Capture(rawValue: 8)
        static let jsonLD = Capture(rawValue: 16)
    }

    private var stack: [Open] = []
    private var skipDepth = 0
    private var linkDepth = 0
    private var capturing: Capture = []
    private var seen: Capture = []
    private var nodeDepth = 0

    // The block being filled.
    private var blockStart = 0
    private var blockScalars = 0
    private var blockLinkScalars = 0
    private var blockCommas = 0
    private var blockHeading = false
    private var pendingSpace = false
    private var breaks = 0
    private var jsonLDBytes = 0

    init(capacity: Int) {
        text.reserveCapacity(capacity / 3)
        nodes.reserveCapacity(min(capacity / 64, 65_536))
        nodes.append(PageNode(parent: PageNode.none, tag: HTMLTag(kind: .block)))
    }

    private var currentNode: Int32 { stack.last?.node ?? 0 }

    // MARK: - SAX events

    func startElement(_ name: UnsafePointer<UInt8>, _ attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) {
        let tag = HTMLTag.of(name)
        var open = Open(node: currentNode, opensBlock: false, skips: false, link: false, captures: [])
        if skipDepth > 0 {
            open.skips = true
            skipDepth += 1
            stack.append(open)
            return
        }
        var hint = ClassHints.Hint()
        var hidden = false
        var articleBody = false
        var itempropAuthor = false
        var itempropPublished = false
        var relAuthor = false
        var attrs = Attributes()
        if let attributes {
            var i = 0
            while let key = attributes[i] {
                let value = attributes[i + 1]
                i += 2
                guard let value else {
                    if equals(key, "hidden") { hidden = true }
                    if equals(key, "pubdate") { itempropPublished = true }
                    continue
                }
                switch key[0] {
                case UInt8(ascii: "c"):
                    if equals(key, "class") {
                        ClassHints.add(value, to: &hint)
                        if tag.kind == .time, contains(value, "publish") { itempropPublished = true }
                    } else if equals(key, "content") {
                        attrs.content = value
                    } else if equals(key, "charset") {
                        continue
                    }
                case UInt8(ascii: "i"):
                    if equals(key, "id") {
                        ClassHints.add(value, to: &hint)
                    } else if equals(key, "itemprop") {
                        attrs.itemprop = value
                        if equals(value, "articleBody") { articleBody = true }
                        if equals(value, "author") { itempropAuthor = true }
                        if equals(value, "datePublished") { itempropPublished = true }
                    }
                case UInt8(ascii: "r"):
                    if equals(key, "role") {
                        ClassHints.addRole(value, to: &hint)
                    } else if equals(key, "rel") {
                        attrs.rel = value
                        if contains(value, "author") { relAuthor = true }
                    }
                case UInt8(ascii: "s"):
                    if equals(key, "style"), hidesElement(value) { hidden = true }
                case UInt8(ascii: "a"):
                    if equals(key, "aria-hidden"), equals(value, "true") { hidden = true }
                case UInt8(ascii: "h"):
                    if equals(key, "hidden") {
                        hidden = true
                    } else if equals(key, "href") {
                        attrs.href = value
                    } else if equals(key, "http-equiv") {
                        attrs.name = value
                    }
                case UInt8(ascii: "n"):
                    if equals(key, "name") { attrs.name = value }
                case UInt8(ascii: "p"):
                    if equals(key, "property") { attrs.property = value }
                    if equals(key, "pubdate") { itempropPublished = true }
                case UInt8(ascii: "t"):
                    if equals(key, "type") { attrs.type = value }
                case UInt8(ascii: "d"):
                    if equals(key, "datetime") { attrs.datetime = value }
                case UInt8(ascii: "l"):
                    if equals(key, "lang") { attrs.lang = value }
                default:
                    break
                }
            }
        }

        switch tag.kind {
        case .meta:
            readMeta(attrs)
        case .link:
            if let rel = attrs.rel, let href = attrs.href, metadata.canonical == nil,
                equalsIgnoringCase(rel, "canonical")
            {
                metadata.canonical = string(href)
            }
        case .title:
            open.skips = true
            skipDepth += 1
            if !seen.contains(.title) {
                seen.insert(.title)
                open.captures.insert(.title)
            }
            stack.append(open)
            capturing.formUnion(open.captures)
            return
        case .script:
            open.skips = true
            skipDepth += 1
            if let type = attrs.type, contains(type, "ld+json"), jsonLDBytes < Self.maxJSONLD {
                open.captures.insert(.jsonLD)
                metadata.jsonLD.append([])
            }
            stack.append(open)
            capturing.formUnion(open.captures)
            return
        case .skip:
            open.skips = true
            skipDepth += 1
            stack.append(open)
            return
        case .lineBreak:
            breaks += 1
            stack.append(open)
            return
        case .time:
            if let datetime = attrs.datetime ?? attrs.content {
                if metadata.time == nil { metadata.time = string(datetime) }
                if itempropPublished, metadata.publishedTime == nil { metadata.publishedTime = string(datetime) }
            }
        case .anchor:
            open.link = true
            linkDepth += 1
        case .block, .inline:
            break
        }
        if hidden {
            open.skips = true
            skipDepth += 1
            stack.append(open)
            return
        }
        if let itemprop = attrs.itemprop, let content = attrs.content, tag.kind != .meta {
            readItemprop(itemprop, content)
        }
        if nodes.count == 1, let lang = attrs.lang, metadata.htmlLanguage == nil {
            metadata.htmlLanguage = string(lang)
        }
        if tag.heading1, !seen.contains(.heading) {
            seen.insert(.heading)
            open.captures.insert(.heading)
        }
        if hint.byline || itempropAuthor, !seen.contains(.byline) {
            seen.insert(.byline)
            open.captures.insert(.byline)
        }
        if relAuthor, tag.kind == .anchor, !seen.contains(.relAuthor) {
            seen.insert(.relAuthor)
            open.captures.insert(.relAuthor)
        }
        capturing.formUnion(open.captures)

        if tag.kind == .block {
            closeBlock()
            open.opensBlock = true
            nodeDepth += 1
            if nodeDepth <= Self.maxDepth, nodes.count < Self.maxNodes {
                var node = PageNode(parent: currentNode, tag: tag)
                node.positive = hint.positive
                node.negative = tag.boilerplate || hint.negative
                node.articleBody = articleBody
                nodes.append(node)
                open.node = Int32(nodes.count - 1)
            }
            blockHeading = tag.heading
        } else if articleBody, nodeDepth < Self.maxDepth, nodes.count < Self.maxNodes {
            // An inline element marked as the article body: a node of its own, as if it were a block.
            closeBlock()
            open.opensBlock = true
            nodeDepth += 1
            var node = PageNode(parent: currentNode, tag: HTMLTag(kind: .block))
            node.articleBody = true
            nodes.append(node)
            open.node = Int32(nodes.count - 1)
        } else if hint.negative, tag.kind == .inline {
            // An inline element whose class says boilerplate ("Advertisement" in a span, a credit): its
            // text is dropped, the paragraph around it goes on. Links keep theirs (`class="searchLink"`
            // on names in a story); link density judges them.
            open.skips = true
            skipDepth += 1
        }
        stack.append(open)
    }

    func endElement() {
        guard let open = stack.last else { return }
        if open.opensBlock { closeBlock() }
        stack.removeLast()
        if open.skips {
            skipDepth -= 1
        }
        if open.link { linkDepth -= 1 }
        if !open.captures.isEmpty {
            capturing.subtract(open.captures)
            if open.captures.contains(.jsonLD), let last = metadata.jsonLD.last { jsonLDBytes += last.count }
        }
        if open.opensBlock {
            nodeDepth -= 1
            blockHeading = false
        }
    }

    func characters(_ p: UnsafePointer<UInt8>, _ count: Int) {
        let chunk = UnsafeBufferPointer(start: p, count: count)
        if !capturing.isEmpty { capture(chunk) }
        guard skipDepth == 0 else { return }
        var i = 0
        let n = count
        while i < n {
            let b = chunk[i]
            if b <= 0x20 {
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) { pendingSpace = true }
                i += 1
                continue
            }
            if b >= 0xC2, b <= 0xEF {
                let w = Self.spaceWidth(chunk, i)
                if w > 0 {
                    pendingSpace = true
                    i += w
                    continue
                }
            }
            if breaks > 0 {
                if breaks >= 2 { closeBlock() } else { pendingSpace = true }
                breaks = 0
            }
            if pendingSpace {
                if blockScalars > 0 { text.append(0x20) }
                pendingSpace = false
            }
            // A run of bytes up to the next white space.
            var j = i
            var scalars = 0
            var commas = 0
            while j < n {
                let c = chunk[j]
                if c <= 0x20 { break }
                if c >= 0xC2, c <= 0xEF, Self.spaceWidth(chunk, j) > 0 { break }
                if c & 0xC0 != 0x80 { scalars += 1 }
                if c == 0x2C {
                    commas += 1
                } else if c == 0xEF, j + 2 < n, chunk[j + 1] == 0xBC, chunk[j + 2] == 0x8C {
                    commas += 1  // ，
                } else if c == 0xE3, j + 2 < n, chunk[j + 1] == 0x80, chunk[j + 2] == 0x81 {
                    commas += 1  // 、
                } else if c == 0xD8, j + 1 < n, chunk[j + 1] == 0x8C {
                    commas += 1  // ،
                }
                j += 1
            }
            text.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[i..<j]))
            blockScalars += scalars
            blockCommas += commas
            if linkDepth > 0 { blockLinkScalars += scalars }
            i = j
        }
    }

    /// The length of the white space (Unicode's, see ``unicodeSpaceWidth``) or the zero-width space or
    /// byte-order mark that starts at `i`, or 0: all of them separate words and none is text.
    @inline(__always)
    private static func spaceWidth(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let w = unicodeSpaceWidth(p, i)
        if w > 0 || i + 2 >= p.count { return w }
        if p[i] == 0xEF, p[i + 1] == 0xBB, p[i + 2] == 0xBF { return 3 }
        if p[i] == 0xE2, p[i + 1] == 0x80, p[i + 2] == 0x8B { return 3 }
        return 0
    }

    /// Ends the paragraph being filled (a block boundary).
    func closeBlock() {
        breaks = 0
        pendingSpace = false
        if blockScalars > 0 {
            blocks.append(
                TextBlock(
                    start: blockStart, end: text.count, node: currentNode, scalars: blockScalars,
                    linkScalars: blockLinkScalars, commas: blockCommas, heading: blockHeading))
        }
        blockStart = text.count
        blockScalars = 0
        blockLinkScalars = 0
        blockCommas = 0
    }

    // MARK: - Captures and metadata

    private func capture(_ chunk: UnsafeBufferPointer<UInt8>) {
        if capturing.contains(.jsonLD), !metadata.jsonLD.isEmpty {
            let room = Self.maxJSONLD - jsonLDBytes - metadata.jsonLD[metadata.jsonLD.count - 1].count
            if room > 0 {
                metadata.jsonLD[metadata.jsonLD.count - 1].append(contentsOf: chunk.prefix(room))
            }
        }
        if capturing.contains(.title) { append(chunk, to: &metadata.title) }
        if capturing.contains(.heading) { append(chunk, to: &metadata.heading) }
        if capturing.contains(.byline) { append(chunk, to: &metadata.byline) }
        if capturing.contains(.relAuthor) { append(chunk, to: &metadata.relAuthor) }
    }

    private func append(_ chunk: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        let room = Self.maxCapture - buffer.count
        if room > 0 { buffer.append(contentsOf: chunk.prefix(room)) }
    }

    private struct Attributes {
        var content: UnsafePointer<UInt8>?
        var itemprop: UnsafePointer<UInt8>?
        var name: UnsafePointer<UInt8>?
        var property: UnsafePointer<UInt8>?
        var rel: UnsafePointer<UInt8>?
        var href: UnsafePointer<UInt8>?
        var type: UnsafePointer<UInt8>?
        var datetime: UnsafePointer<UInt8>?
        var lang: UnsafePointer<UInt8>?
    }

    private func readMeta(_ attrs: Attributes) {
        guard let content = attrs.content else { return }
        for key in [attrs.name, attrs.property, attrs.itemprop] {
            guard let key else { continue }
            readItemprop(key, content)
        }
    }

    private func readItemprop(_ itemprop: UnsafePointer<UInt8>, _ content: UnsafePointer<UInt8>) {
        let name = string(itemprop).lowercased()
        if PageMetadata.wanted.contains(name), metadata.meta[name] == nil { metadata.meta[name] = string(content) }
    }

    private func string(_ p: UnsafePointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(start: p, count: min(strlen(p), Self.maxCapture)), as: UTF8.self)
    }

    private func hidesElement(_ style: UnsafePointer<UInt8>) -> Bool {
        let compact = string(style).lowercased().filter { $0 != " " }
        return compact.contains("display:none") || compact.contains("visibility:hidden")
    }
}

// MARK: - C string helpers

/// Whether the C string `p` is `literal` (ASCII, exact case).
@inline(__always)
func equals(_ p: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
    let l = literal.utf8Start
    let n = literal.utf8CodeUnitCount
    for i in 0..<n where p[i] != l[i] { return false }
    return p[n] == 0
}

/// Whether the C string `p` is `literal` in any ASCII case, white space around it ignored.
func equalsIgnoringCase(_ p: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
    var s = 0
    while p[s] == 0x20 || (p[s] >= 0x09 && p[s] <= 0x0D) { s += 1 }
    let l = literal.utf8Start
    let n = literal.utf8CodeUnitCount
    for i in 0..<n where p[s + i] | 0x20 != l[i] | 0x20 { return false }
    var e = s + n
    while p[e] == 0x20 || (p[e] >= 0x09 && p[e] <= 0x0D) { e += 1 }
    return p[e] == 0
}

/// Whether the C string `p` contains `literal` in any ASCII case (within its first 4096 bytes).
func contains(_ p: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
    let l = literal.utf8Start
    let n = literal.utf8CodeUnitCount
    var i = 0
    while p[i] != 0, i < 4096 {
        var k = 0
        while k < n, p[i + k] != 0, p[i + k] | 0x20 == l[k] | 0x20 { k += 1 }
        if k == n { return true }
        i += 1
    }
    return false
}
