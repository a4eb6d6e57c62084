/// Turns the raw bytes of a document into UTF-8: byte-order marks, the HTTP charset, the XML
/// declaration's encoding, and a guess for undeclared bytes (UTF-8 when they are UTF-8, else
/// ``LegacyEncodingGuess``: a CJK or single-byte legacy encoding, windows-1252 by default). Invalid bytes become U+FFFD; decoding never fails.
public enum SourceDecoder {
    /// UTF-8 text of a document.
    public struct Decoded: Sendable {
        /// The converted bytes, or nil when the input (from `offset`, past any BOM) is already UTF-8.
        public var converted: [UInt8]?
        /// Where the text starts in the input when `converted` is nil.
        public var offset: Int
        /// The encoding that was used (lower-case label).
        public var encoding: String
        /// True when bytes were invalid in that encoding, or the encoding had to be guessed against
        /// what the document said.
        public var repaired: Bool
    }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, contentType: String?) -> Decoded {
        // 1. Byte-order marks and the shape of UTF-16/32 text without one.
        if let bom = unicodeForm(bytes) {
            let body = UnsafeBufferPointer(rebasing: bytes[bom.bomLength...])
            switch bom.form {
            case .utf8:
                return utf8(bytes, from: bom.bomLength)
            default:
                let (out, bad) = UnicodeTranscoder.decode(body, form: bom.form)
                return Decoded(converted: out, offset: 0, encoding: bom.form.label, repaired: bad)
            }
        }
        // EBCDIC: "<?xm" in code page 037. The declaration (read in 037) names the actual code page.
        if bytes.count >= 4, bytes[0] == 0x4C, bytes[1] == 0x6F, bytes[2] == 0xA7, bytes[3] == 0x94,
            let (head, _) = IconvConverter.decode(
                UnsafeBufferPointer(rebasing: bytes[0..<min(bytes.count, 256)]), from: "ibm037")
        {
            let label = head.withUnsafeBufferPointer { xmlDeclaredEncoding($0) }.map(normalizedLabel) ?? "ibm037"
            if let (out, bad) = IconvConverter.decode(bytes, from: label)
                ?? IconvConverter.decode(bytes, from: "ibm037")
            {
                return Decoded(converted: out, offset: 0, encoding: label, repaired: bad)
            }
        }
        // 2. What the document and the server say.
        let declared = [httpCharset(contentType), xmlDeclaredEncoding(bytes)].compactMap { $0 }
            .map(normalizedLabel)
        let scan = UTF8Validation.scan(bytes)
        if scan.invalid == 0 {
            // Valid UTF-8 is UTF-8, whatever a (wrong) declaration claims: ASCII reads the same in every
            // ASCII-compatible encoding, and legacy text whose multi-byte sequences all happen to be
            // valid UTF-8 does not occur in practice. ISO-2022 is 7-bit and needs its escapes decoded.
            if let iso2022 = declared.first(where: { $0.hasPrefix("iso-2022") }), bytes.contains(0x1B),
                let (out, bad) = IconvConverter.decode(bytes, from: iso2022)
            {
                return Decoded(converted: out, offset: 0, encoding: iso2022, repaired: bad)
            }
            return Decoded(converted: nil, offset: 0, encoding: "utf-8", repaired: false)
        }
        for label in declared where label != "utf-8" {
            if label == "windows-1252" {
                return Decoded(converted: Windows1252.decode(bytes), offset: 0, encoding: label, repaired: false)
            }
            if let (out, bad) = IconvConverter.decode(bytes, from: label) {
                return Decoded(converted: out, offset: 0, encoding: label, repaired: bad)
            }
        }
        // 3. Undeclared (or declared UTF-8) but invalid: mostly-UTF-8 text with a few bad bytes
        // stays UTF-8; otherwise it is legacy text, read as windows-1252.
        if scan.multibyte > 0, scan.multibyte >= scan.invalid {
            return Decoded(converted: UTF8Validation.repaired(bytes), offset: 0, encoding: "utf-8", repaired: true)
        }
        let guessed = LegacyEncodingGuess.guess(bytes)
        if guessed != "windows-1252", let (out, _) = IconvConverter.decode(bytes, from: guessed) {
            return Decoded(converted: out, offset: 0, encoding: guessed, repaired: true)
        }
        return Decoded(converted: Windows1252.decode(bytes), offset: 0, encoding: "windows-1252", repaired: true)
    }

    private static func utf8(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Decoded {
        let body = UnsafeBufferPointer(rebasing: bytes[offset...])
        if UTF8Validation.scan(body).invalid == 0 {
            return Decoded(converted: nil, offset: offset, encoding: "utf-8", repaired: false)
        }
        return Decoded(converted: UTF8Validation.repaired(body), offset: 0, encoding: "utf-8", repaired: true)
    }

    /// A BOM, or the byte pattern of '<' / '{' / white space in UTF-16 or UTF-32.
    private static func unicodeForm(_ b: UnsafeBufferPointer<UInt8>) -> (form: UnicodeTranscoder.Form, bomLength: Int)?
    {
        let n = b.count
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { return (.utf8, 3) }
        if n >= 4, b[0] == 0xFF, b[1] == 0xFE, b[2] == 0, b[3] == 0 { return (.utf32LE, 4) }
        if n >= 4, b[0] == 0, b[1] == 0, b[2] == 0xFE, b[3] == 0xFF { return (.utf32BE, 4) }
        if n >= 2, b[0] == 0xFF, b[1] == 0xFE { return (.utf16LE, 2) }
        if n >= 2, b[0] == 0xFE, b[1] == 0xFF { return (.utf16BE, 2) }
        if n >= 4, b[0] != 0, b[1] == 0, b[2] == 0, b[3] == 0 { return (.utf32LE, 0) }
        if n >= 4, b[0] == 0, b[1] == 0, b[2] == 0, b[3] != 0 { return (.utf32BE, 0) }
        if n >= 4, b[0] != 0, b[1] == 0, b[2] != 0, b[3] == 0 { return (.utf16LE, 0) }
        if n >= 4, b[0] == 0, b[1] != 0, b[2] == 0, b[3] != 0 { return (.utf16BE, 0) }
        return nil
    }

    /// `charset` parameter of a Content-Type value.
    public static func httpCharset(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2,
                parts[0].trimmingASCIIWhiteSpace().lowercased() == "charset"
            else { continue }
            let value = parts[1].trimmingASCIIWhiteSpace().filter { $0 != "\"" && $0 != "'" }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The `encoding` pseudo-attribute of an XML declaration at the start of the document.
    static func xmlDeclaredEncoding(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        var i = 0
        while i < b.count, i < 64, isASCIIWhiteSpace(b[i]) { i += 1 }
        let limit = min(b.count, i + 256)
        guard i + 5 < limit, b[i] == UInt8(ascii: "<"), b[i + 1] == UInt8(ascii: "?"),
            b[i + 2] | 0x20 == UInt8(ascii: "x"), b[i + 3] | 0x20 == UInt8(ascii: "m"),
            b[i + 4] | 0x20 == UInt8(ascii: "l")
        else { return nil }
        let key = Array("encoding".utf8)
        var j = i + 5
        while j + key.count < limit {
            if b[j] == UInt8(ascii: "?"), b[j + 1] == UInt8(ascii: ">") { return nil }
            if b[j] == key[0], Array(b[j..<(j + key.count)]) == key {
                var k = j + key.count
                while k < limit, isASCIIWhiteSpace(b[k]) || b[k] == UInt8(ascii: "=") { k += 1 }
                guard k < limit, b[k] == UInt8(ascii: "\"") || b[k] == UInt8(ascii: "'") else { return nil }
                let quote = b[k]
                let start = k + 1
                var end = start
                while end < limit, b[end] != quote { end += 1 }
                guard end < limit, end > start else { return nil }
                return String(decoding: b[start..<end], as: UTF8.self)
            }
            j += 1
        }
        return nil
    }

    /// A lower-case label with the common aliases folded (WHATWG: latin1 and ascii are windows-1252).
    public static func normalizedLabel(_ label: String) -> String {
        let l = label.trimmingASCIIWhiteSpace().lowercased()
        switch l {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return "utf-8"
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
            "windows-1252", "cp1252", "x-cp1252", "cp819", "ibm819", "iso-ir-100", "ansi_x3.4-1968":
            return "windows-1252"
        default: return l
        }
    }
}

extension StringProtocol {
    /// The string without leading and trailing ASCII white space.
    func trimmingASCIIWhiteSpace() -> String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, isASCIIWhiteSpace(bytes[start]) { start += 1 }
        while end > start, isASCIIWhiteSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
