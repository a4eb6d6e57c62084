import Basics

/// Repairs, before libxml2 sees them, the faults that its recovery handles badly, on UTF-8 bytes:
/// - HTML named references (`&rsquo;`, `&nbsp;`) that XML without a DTD does not define become
///   numeric references; unknown names and stray `&` become `&amp;` (so they show literally);
/// - numeric references to C1 controls are read as windows-1252 (as HTML does), invalid ones as U+FFFD;
/// - control characters that XML forbids are dropped;
/// - the DOCTYPE is removed; of its internal subset only general entities whose value is literal text
///   (character references allowed; no entity references, '<' or '%': nothing nested, so no bombs)
///   are kept, and expanded here within a budget;
///   external entities are never read;
/// - UTF-8 encoded C1 controls (U+0080...U+009F) are read as windows-1252 ("don\u{92}t" -> "don’t"),
///   and numeric references that spell out UTF-8 bytes (`&#226;&#128;&#166;`) as the character they encode;
/// - white space or junk before the first '<' is skipped.
/// Comments and processing instructions are left as they are (bar control characters). CDATA sections
/// and runs of character data inside the document element are taken out, decoded, and replaced by
/// `<?_nwc N?>` placeholders (see ``Output/store``): libxml2 then parses markup only.
/// The input is copied only when something has to change.
struct XMLPreprocessor {
    /// Result: bytes to parse (nil = the input from `start`, unchanged) and what was wrong.
    struct Output {
        var bytes: [UInt8]?
        var start: Int
        /// The document was not well-formed before the repair.
        var malformed: Bool
        /// Whether a DOCTYPE was present.
        var hadDoctype: Bool
        /// Text taken out of the document: the bodies of CDATA sections and decoded runs of
        /// character data, each replaced by a `<?_nwc N?>` placeholder where N indexes `sections`
        /// (ranges of `store`). libxml2 reads such text a character at a time; the builder takes it whole.
        var store: [UInt8] = []
        var sections: [Range<Int>] = []
    }

    /// Shorter CDATA sections and text runs are left to libxml2.
    static let minimumExtractedCDATA = 32
    static let minimumExtractedText = 24

    let p: UnsafeBufferPointer<UInt8>
    private var out: [UInt8]? = nil
    /// Input index up to which bytes are already in `out` (when copying).
    private var copied = 0
    var malformed = false
    private var hadDoctype = false
    /// HTML named references seen; they make the document malformed only without a DOCTYPE.
    var namedReferences = 0
    /// Literal general entities declared in the internal subset: name -> replacement bytes.
    var declared: [[UInt8]: [UInt8]] = [:]
    var store: [UInt8] = []
    private var sections: [Range<Int>] = []
    /// Set by ``markup(at:)`` when a start or end tag begins (`inEndTag` for an end tag);
    /// `sawElement` once a start tag did.
    private var enteredTag = false
    private var inEndTag = false
    /// Set by ``markup(at:)`` for a `<!` that starts nothing it knows (left to libxml2 as it is).
    private var unknownMarkup = false
    /// Elements open, as far as tags tell (text runs are taken out only inside the document element:
    /// junk after it must still reach libxml2, which reports it).
    private var depth = 0
    /// Where the document's first markup is (its XML declaration, if any).
    private var documentStart = 0
    private var sawElement = false
    /// Bytes that declared entities may still add.
    var expansionBudget = 0

    static let maxDeclaredEntities = 256
    static let maxEntityValue = 4096

    /// Bytes that need a look: '<', '&', forbidden controls, 0xC2 (C1 controls), 0xEF (U+FFFE/F),
    /// ']' (']]>' is not allowed in character data).
    private static let interesting: [Bool] = (0..<256).map { b in
        b == 0x3C || b == 0x26 || (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0xC2 || b == 0xEF
            || b == 0x5D
    }

    static func run(_ p: UnsafeBufferPointer<UInt8>) -> Output {
        var pre = XMLPreprocessor(p: p)
        return pre.process()
    }

    private init(p: UnsafeBufferPointer<UInt8>) { self.p = p }

    private mutating func process() -> Output {
        let n = p.count
        store.reserveCapacity(n)
        var i = 0
        while i < n, isASCIIWhiteSpace(p[i]) { i += 1 }
        if i < n, p[i] != UInt8(ascii: "<") {
            malformed = true
            while i < n, p[i] != UInt8(ascii: "<") { i += 1 }
        }
        let start = i
        documentStart = start
        copied = start
        expansionBudget = 4 * n + (1 << 20)
        let interesting = XMLPreprocessor.interesting
        // Inside a start or end tag (attribute values are left to libxml2, references repaired).
        var inTag = false
        var quote: UInt8 = 0
        while i < n {
            if inTag {
                let b = p[i]
                if b == UInt8(ascii: "<") {
                    inTag = false  // '<' cannot be in a tag: a broken one ends here
                    quote = 0
                    continue
                }
                if quote != 0 {
                    if b == quote { quote = 0 }
                } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    quote = b
                } else if b == UInt8(ascii: ">") {
                    inTag = false
                    if inEndTag { depth -= 1 } else if p[i - 1] != UInt8(ascii: "/") { depth += 1 }
                    i = textRun(from: i + 1)
                    continue
                }
                if b == UInt8(ascii: "&") {
                    i = reference(at: i)
                } else if interesting[Int(b)] {
                    i = special(at: i)
                } else {
                    i += 1
                }
                continue
            }
            while i < n, !interesting[Int(p[i])] { i += 1 }
            guard i < n else { break }
            let b = p[i]
            if b == UInt8(ascii: "<") {
                enteredTag = false
                unknownMarkup = false
                i = markup(at: i)
                if enteredTag { inTag = true } else if !unknownMarkup { i = textRun(from: i) }
            } else if b == UInt8(ascii: "&") {
                i = reference(at: i)
            } else {
                i = special(at: i)
            }
        }
        if namedReferences > 0, !hadDoctype { malformed = true }
        guard var bytes = out else {
            return Output(
                bytes: nil, start: start, malformed: malformed, hadDoctype: hadDoctype,
                store: store, sections: sections)
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<n]))
        return Output(
            bytes: bytes, start: 0, malformed: malformed, hadDoctype: hadDoctype,
            store: store, sections: sections)
    }

    /// A forbidden control character, a UTF-8 C1 control or U+FFFE/U+FFFF at `i` (else just moves on).
    private mutating func special(at i: Int) -> Int {
        guard let repair = repair(byteAt: i, end: p.count) else { return i + 1 }
        emitInDocument(repair, from: i)
        return repair.end
    }

    // MARK: - Text runs

    /// Character data from `start` to the next '<': when long enough (and inside the document
    /// element), decoded here into the store and replaced by a placeholder, so that libxml2, which
    /// reads non-ASCII text and references a character at a time, only sees markup.
    private mutating func textRun(from start: Int) -> Int {
        guard sawElement, depth > 0, start < p.count, let base = p.baseAddress else { return start }
        let n = p.count
        let end: Int
        if let hit = memchr(base + start, Int32(UInt8(ascii: "<")), n - start) {
            end = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
        } else {
            end = n
        }
        guard end - start >= XMLPreprocessor.minimumExtractedText else { return start }
        let sectionStart = store.count
        decodeText(start..<end)
        addPlaceholder(for: sectionStart..<store.count, replacing: start..<end)
        return end
    }

    /// Appends the text of `range` (character data, no markup) to the store, as libxml2 would
    /// report it after this preprocessor's repairs.
    private mutating func decodeText(_ range: Range<Int>) {
        let interesting = XMLPreprocessor.interesting
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let runStart = i
            while i < end, !interesting[Int(p[i])] { i += 1 }
            if i > runStart { store.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<i])) }
            guard i < end else { break }
            let b = p[i]
            if b == UInt8(ascii: "&") {
                let repair = repair(referenceAt: i, end: end)
                emitAsText(repair, from: i)
                i = repair.end
            } else if let repair = repair(byteAt: i, end: end) {
                emitAsText(repair, from: i)
                i = repair.end
            } else if b == 0x5D, i + 2 < end, p[i + 1] == 0x5D, p[i + 2] == 0x3E {
                store.append(contentsOf: [0x5D, 0x5D, 0x3E])  // "]]>" is text here, but not well-formed
                malformed = true
                i += 3
            } else {
                store.append(b)
                i += 1
            }
        }
    }

    /// Records a store section and puts `<?_nwc N?>` in place of `range` of the input.
    private mutating func addPlaceholder(for section: Range<Int>, replacing range: Range<Int>) {
        var placeholder: [UInt8] = Array("<?_nwc ".utf8)
        var digits: [UInt8] = []
        var index = sections.count
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(index % 10))
            index /= 10
        } while index > 0
        placeholder += digits.reversed()
        placeholder += Array("?>".utf8)
        sections.append(section)
        replace(range, with: placeholder)
    }

    /// Starts copying (if not yet) and substitutes `range` of the input with `bytes`.
    mutating func replace(_ range: Range<Int>, with bytes: [UInt8]) {
        var copy = out ?? []
        out = nil  // keep `copy` uniquely referenced while appending
        if copy.isEmpty { copy.reserveCapacity(p.count + 256) }
        copy.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<range.lowerBound]))
        copy.append(contentsOf: bytes)
        out = copy
        copied = range.upperBound
    }

    private mutating func markup(at i: Int) -> Int {
        let n = p.count
        guard i + 1 < n else { return n }
        switch p[i + 1] {
        case UInt8(ascii: "!"):
            if has("<!--", at: i) { return skip(to: "-->", from: i + 4) }
            if has("<![CDATA[", at: i) { return cdataSection(at: i) }
            if truncatedPrefix("<![CDATA[", at: i) || truncatedPrefix("<!--", at: i) {
                // A document cut inside the opening of a CDATA section or comment: drop the stub.
                replace(i..<n, with: [])
                malformed = true
                return n
            }
            if has("<!DOCTYPE", at: i) || has("<!doctype", at: i) {
                hadDoctype = true
                let end = doctypeEnd(from: i + 9)
                collectEntities(i..<end)
                replace(i..<end, with: [])
                return end
            }
            unknownMarkup = true  // "<!ENTITY" in content and such: libxml2 recovers from it
            return i + 2
        case UInt8(ascii: "?"):
            if has("<?_nwc", at: i) {
                // The target of this scan's own placeholders: in the source, such an instruction would
                // pull another section's text in. It means nothing to a feed, so it goes.
                var end = i + 6
                while end < p.count,
                    !(p[end] == UInt8(ascii: "?") && end + 1 < p.count && p[end + 1] == UInt8(ascii: ">"))
                {
                    end += 1
                }
                end = min(end + 2, p.count)
                replace(i..<end, with: [])
                return end
            }
            if i == documentStart, has("<?xml", at: i), i + 5 < p.count, isASCIIWhiteSpace(p[i + 5]) {
                // libxml2 ends a broken XML declaration at the first '>': so does this scan (else a
                // DOCTYPE after it would reach libxml2 unseen).
                var gt = i + 5
                while gt < p.count, p[gt] != UInt8(ascii: ">") { gt += 1 }
                if gt < p.count, p[gt - 1] != UInt8(ascii: "?") {
                    malformed = true
                    return gt + 1
                }
            }
            return skip(to: "?>", from: i + 2)
        case UInt8(ascii: "/"):
            guard isTag(nameAt: i + 2, endTag: true) else { return escapeLess(at: i) }
            enteredTag = true
            inEndTag = true
            return i + 2
        default:
            guard isTag(nameAt: i + 1, endTag: false) else { return escapeLess(at: i) }
            enteredTag = true
            inEndTag = false
            sawElement = true
            return i + 1
        }
    }

    /// Whether a tag name starts at `j` and is followed by what may follow a name in a tag
    /// (so `a < b`, `x <3` and `c<d</title>` are text, not markup).
    private func isTag(nameAt j: Int, endTag: Bool) -> Bool {
        let n = p.count
        guard j < n else { return false }
        let first = p[j]
        guard
            (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A || first == UInt8(ascii: "_")
                || first == UInt8(ascii: ":") || first >= 0x80
        else { return false }
        var k = j + 1
        while k < n, isNameByte(p[k]) { k += 1 }
        guard k < n else { return true }  // truncated: let libxml2 report it
        let next = p[k]
        return isASCIIWhiteSpace(next) || next == UInt8(ascii: ">") || (!endTag && next == UInt8(ascii: "/"))
    }

    private mutating func escapeLess(at i: Int) -> Int {
        replace(i..<(i + 1), with: Array("&lt;".utf8))
        malformed = true
        return i + 1
    }

    /// Replaces a terminated CDATA section without forbidden characters by a placeholder; returns
    /// where scanning resumes.
    private mutating func cdataSection(at i: Int) -> Int {
        let n = p.count
        let bodyStart = i + 9
        var j = bodyStart
        var clean = true
        while j < n {
            let b = p[j]
            if b <= 0x5D {
                if b == 0x5D, j + 2 < n, p[j + 1] == 0x5D, p[j + 2] == 0x3E { break }
                if b < 0x20, b != 0x09, b != 0x0A, b != 0x0D { clean = false }
            } else if b == 0xEF, j + 2 < n, p[j + 1] == 0xBF, p[j + 2] >= 0xBE {
                clean = false
            }
            j += 1
        }
        guard j < n, clean, j - bodyStart >= XMLPreprocessor.minimumExtractedCDATA else {
            return skip(to: "]]>", from: bodyStart)
        }
        let sectionStart = store.count
        store.append(contentsOf: UnsafeBufferPointer(rebasing: p[bodyStart..<j]))
        addPlaceholder(for: sectionStart..<store.count, replacing: i..<(j + 3))
        return j + 3
    }

    /// Index after `terminator` (or the end), dropping forbidden control characters on the way.
    private mutating func skip(to terminator: StaticString, from: Int) -> Int {
        let t = UnsafeBufferPointer(start: terminator.utf8Start, count: terminator.utf8CodeUnitCount)
        var j = from
        let n = p.count
        while j < n {
            let b = p[j]
            if b == t[0], j + t.count <= n {
                var k = 1
                while k < t.count, p[j + k] == t[k] { k += 1 }
                if k == t.count { return j + t.count }
            } else if b < 0x20, b != 0x09, b != 0x0A, b != 0x0D {
                replace(j..<(j + 1), with: [])
                malformed = true
            }
            j += 1
        }
        return n
    }

    /// Index after the '>' that ends a DOCTYPE (quotes, an internal subset and its comments respected).
    private func doctypeEnd(from: Int) -> Int {
        var j = from
        var depth = 0
        var quote: UInt8 = 0
        let n = p.count
        while j < n {
            let b = p[j]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: "[") {
                depth += 1
            } else if b == UInt8(ascii: "]") {
                depth = max(0, depth - 1)
            } else if b == UInt8(ascii: "<"), has("<!--", at: j) {
                var k = j + 4
                while k + 2 < n,
                    !(p[k] == UInt8(ascii: "-") && p[k + 1] == UInt8(ascii: "-") && p[k + 2] == UInt8(ascii: ">"))
                { k += 1 }
                j = k + 2
            } else if b == UInt8(ascii: ">"), depth == 0 {
                return j + 1
            }
            j += 1
        }
        return n
    }

    /// Handles the '&' at `i`; returns where scanning resumes.
    private mutating func reference(at i: Int) -> Int {
        let repair = repair(referenceAt: i, end: p.count)
        emitInDocument(repair, from: i)
        return repair.end
    }

    func numericReference(_ value: UInt32) -> [UInt8] {
        Array("&#x".utf8) + Array(String(value, radix: 16, uppercase: true).utf8) + [UInt8(ascii: ";")]
    }

    /// After a reference to a UTF-8 lead byte (0xC2...0xF4) ending at `from`: when the references
    /// that follow complete a valid UTF-8 sequence, the scalar it encodes and where they end.
    func doubleEncoded(lead: UInt32, from: Int) -> (UInt32, Int)? {
        let needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1
        var bytes: [UInt8] = [UInt8(lead)]
        var j = from
        for _ in 0..<needed {
            guard let (value, end) = simpleNumericReference(at: j), value >= 0x80, value <= 0xBF else { return nil }
            bytes.append(UInt8(value))
            j = end
        }
        let length = bytes.withUnsafeBufferPointer { UTF8Validation.sequenceLength($0, at: 0) }
        guard length == bytes.count else { return nil }
        let scalar = String(decoding: bytes, as: UTF8.self).unicodeScalars.first.map { $0.value } ?? 0xFFFD
        return (scalar, j)
    }

    /// A terminated decimal or lower-case hex reference at `i`: its value and the index after it.
    private func simpleNumericReference(at i: Int) -> (UInt32, Int)? {
        let n = p.count
        guard i + 3 < n, p[i] == UInt8(ascii: "&"), p[i + 1] == UInt8(ascii: "#") else { return nil }
        var j = i + 2
        let hex = p[j] == UInt8(ascii: "x")
        if hex { j += 1 }
        var value: UInt32 = 0
        let start = j
        while j < n, j - start < 8 {
            if hex, let d = HTMLEntities.hexDigit(p[j]) {
                value = value * 16 + UInt32(d)
            } else if !hex, p[j] >= 0x30, p[j] <= 0x39 {
                value = value * 10 + UInt32(p[j] - 0x30)
            } else {
                break
            }
            j += 1
        }
        guard j > start, j < n, p[j] == UInt8(ascii: ";") else { return nil }
        return (value, j + 1)
    }

    /// Reads `<!ENTITY name "literal">` declarations from a DOCTYPE's internal subset. Parameter
    /// entities, external entities (SYSTEM/PUBLIC) and values with markup or references are ignored.
    private mutating func collectEntities(_ range: Range<Int>) {
        var j = range.lowerBound
        let end = range.upperBound
        while j < end {
            guard has("<!ENTITY", at: j) else { j += 1; continue }
            j += 8
            while j < end, isASCIIWhiteSpace(p[j]) { j += 1 }
            guard j < end, p[j] != UInt8(ascii: "%") else { continue }
            let nameStart = j
            while j < end, isNameByte(p[j]) { j += 1 }
            let name = Array(p[nameStart..<j])
            while j < end, isASCIIWhiteSpace(p[j]) { j += 1 }
            guard j < end, p[j] == UInt8(ascii: "\"") || p[j] == UInt8(ascii: "'") else { continue }
            let quote = p[j]
            let valueStart = j + 1
            var k = valueStart
            while k < end, p[k] != quote { k += 1 }
            guard k < end else { return }
            let value = p[valueStart..<k]
            j = k + 1
            guard !name.isEmpty, value.count <= XMLPreprocessor.maxEntityValue,
                declared.count < XMLPreprocessor.maxDeclaredEntities,
                !value.contains(where: {
                    $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "%")
                        || ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D)
                }),
                let text = literalEntityText(valueStart..<k)
            else { continue }
            if declared[name] == nil { declared[name] = text }  // the first declaration binds
        }
    }

    /// The text of an entity value whose only references are character references (decoded);
    /// nil when it refers to another entity.
    private func literalEntityText(_ range: Range<Int>) -> [UInt8]? {
        let value = p[range]
        guard value.contains(UInt8(ascii: "&")) else { return Array(value) }
        var out: [UInt8] = []
        var k = range.lowerBound
        while k < range.upperBound {
            guard p[k] == UInt8(ascii: "&") else {
                out.append(p[k])
                k += 1
                continue
            }
            guard k + 1 < range.upperBound, p[k + 1] == UInt8(ascii: "#"),
                let (scalar, end) = simpleNumericReference(at: k), end <= range.upperBound
            else { return nil }
            let mapped = HTMLEntities.numericValue(scalar)
            UTF8Writer.append(isXMLChar(mapped) ? mapped : 0xFFFD, to: &out)
            k = end
        }
        return out
    }

    /// `text` with '&' and '<' escaped, to go back into the document.
    func escapedForXML(_ text: [UInt8]) -> [UInt8] {
        guard text.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") }) else { return text }
        var out: [UInt8] = []
        for b in text {
            if b == UInt8(ascii: "&") {
                out += Array("&amp;".utf8)
            } else if b == UInt8(ascii: "<") {
                out += Array("&lt;".utf8)
            } else {
                out.append(b)
            }
        }
        return out
    }

    /// Whether the input ends inside `s`: a proper prefix of it (at least 3 bytes), then only white space.
    private func truncatedPrefix(_ s: StaticString, at i: Int) -> Bool {
        let t = UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)
        var k = 0
        while k < t.count, i + k < p.count, p[i + k] == t[k] { k += 1 }
        guard k >= 3, k < t.count else { return false }
        var j = i + k
        while j < p.count, isASCIIWhiteSpace(p[j]) { j += 1 }
        return j == p.count
    }

    func isPredefined(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 2: return (name[0] == UInt8(ascii: "l") || name[0] == UInt8(ascii: "g")) && name[1] == UInt8(ascii: "t")
        case 3: return name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "m") && name[2] == UInt8(ascii: "p")
        case 4:
            return
                (name[0] == UInt8(ascii: "q") && name[1] == UInt8(ascii: "u") && name[2] == UInt8(ascii: "o")
                && name[3] == UInt8(ascii: "t"))
                || (name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "p") && name[2] == UInt8(ascii: "o")
                    && name[3] == UInt8(ascii: "s"))
        default: return false
        }
    }

    @inline(__always)
    func isNameByte(_ b: UInt8) -> Bool {
        HTMLEntities.isNameByte(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
            || b == UInt8(ascii: ":") || b >= 0x80
    }

    func isXMLChar(_ v: UInt32) -> Bool {
        v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD)
            || (v >= 0x10000 && v <= 0x10FFFF)
    }

    private func has(_ s: StaticString, at i: Int) -> Bool {
        let t = UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)
        guard i + t.count <= p.count else { return false }
        for k in 0..<t.count where p[i + k] != t[k] { return false }
        return true
    }
}

/// Reads a numeric character reference's digits, from just after `&#` (an `x` makes it hexadecimal) up
/// to `end`. Returns the value (saturating above U+10FFFF), how many digits there were, and where they end.
func scanNumericReference(_ p: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> (
    value: UInt32, digits: Int, next: Int
) {
    var j = start
    let hex = j < end && (p[j] | 0x20) == UInt8(ascii: "x")
    if hex { j += 1 }
    var value: UInt32 = 0
    var digits = 0
    while j < end {
        let d: UInt8?
        if hex { d = HTMLEntities.hexDigit(p[j]) } else { d = (p[j] >= 0x30 && p[j] <= 0x39) ? p[j] - 0x30 : nil }
        guard let d else { break }
        if value < 0x110000 { value = value &* (hex ? 16 : 10) &+ UInt32(d) }
        digits += 1
        j += 1
    }
    return (value, digits, j)
}
