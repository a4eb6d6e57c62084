/// What the extractor does with each HTML element (README "Extract articles"): blocks separate
/// paragraphs and are scored, inline elements only carry text, skipped elements (scripts, styles,
/// forms' controls, embedded media) lose their text, and boilerplate elements (navigation, footers,
/// asides, captions) are left out of the article unless the article is inside them.
struct HTMLTag: Sendable {
    enum Kind: UInt8, Sendable {
        case inline, block, skip, lineBreak, title, meta, link, script, time, anchor
    }

    var kind: Kind
    /// p, li, headings, blockquote...: their text is scored on their parent, as a paragraph of it.
    var paragraphLike = false
    var heading = false
    var heading1 = false
    /// nav, aside, footer, header, figcaption, form, menu, dialog.
    var boilerplate = false
    /// The element's own part of its container score (div +5, lists −3, headings −5).
    var weight: Int8 = 0

    static let inline = HTMLTag(kind: .inline)

    /// The tag for an element name (libxml2 gives HTML names in lower case).
    static func of(_ name: UnsafePointer<UInt8>) -> HTMLTag {
        var key: UInt64 = 0
        var i = 0
        while i < 12 {
            let b = name[i]
            if b == 0 { break }
            let l = b | 0x20
            let code: UInt64
            if l >= 0x61, l <= 0x7A {
                code = UInt64(l - 0x60)
            } else if b >= 0x31, b <= 0x36 {
                code = UInt64(b - 0x31 + 27)
            } else {
                return .inline
            }
            key = key << 5 | code
            i += 1
        }
        if i == 12, name[12] != 0 { return .inline }
        return table[key] ?? .inline
    }

    private static func key(_ name: String) -> UInt64 {
        name.utf8.reduce(UInt64(0)) { key, b in
            key << 5 | (b >= 0x61 ? UInt64(b - 0x60) : UInt64(b - 0x31 + 27))
        }
    }

    private static let table: [UInt64: HTMLTag] = {
        var t: [UInt64: HTMLTag] = [:]
        func set(_ names: String, _ tag: HTMLTag) {
            for name in names.split(separator: " ") { t[key(String(name))] = tag }
        }
        set(
            "section main center details fieldset body html tbody thead tfoot tr table ul ol dl figure hgroup legend",
            HTMLTag(kind: .block))
        set("div", HTMLTag(kind: .block, weight: 5))
        set("article", HTMLTag(kind: .block, weight: 10))
        set("p summary caption address", HTMLTag(kind: .block, paragraphLike: true))
        set("pre blockquote td", HTMLTag(kind: .block, paragraphLike: true, weight: 3))
        set("li dd dt", HTMLTag(kind: .block, paragraphLike: true, weight: -3))
        set("th", HTMLTag(kind: .block, paragraphLike: true, weight: -5))
        set("h2 h3 h4 h5 h6", HTMLTag(kind: .block, paragraphLike: true, heading: true, weight: -5))
        set("h1", HTMLTag(kind: .block, paragraphLike: true, heading: true, heading1: true, weight: -5))
        set("nav aside footer header menu dialog form", HTMLTag(kind: .block, boilerplate: true, weight: -3))
        set("figcaption", HTMLTag(kind: .block, paragraphLike: true, boilerplate: true))
        set(
            "style noscript iframe svg math template select button textarea object embed canvas audio video "
                + "option datalist map frameset noembed noframes input",
            HTMLTag(kind: .skip))
        set("br", HTMLTag(kind: .lineBreak))
        set("hr", HTMLTag(kind: .block))
        set("title", HTMLTag(kind: .title))
        set("meta", HTMLTag(kind: .meta))
        set("link", HTMLTag(kind: .link))
        set("script", HTMLTag(kind: .script))
        set("time", HTMLTag(kind: .time))
        set("a", HTMLTag(kind: .anchor))
        return t
    }()
}
